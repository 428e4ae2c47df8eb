export * from "./birthday/birthday-campaign.js";
export * from "./birthday/birthday-templates.js";
export { birthdayOccasion, type BirthdaySkipReason } from "./birthday/birthday-wish.js";
export * from "./preconditions.js";
