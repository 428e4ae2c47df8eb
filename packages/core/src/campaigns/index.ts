export * from "./birthday/birthday-campaign.js";
export * from "./birthday/birthday-templates.js";
export { birthdayOccasion, type BirthdaySkipReason } from "./birthday/birthday-wish.js";
export * from "./preconditions.js";
export * from "./sourcing/fit-score.js";
export * from "./sourcing/saved-search-service.js";
export { SourcingCampaign, sourcingParamsSchema, type SourcingSkipReason } from "./sourcing/sourcing-campaign.js";
export * from "./sourcing/sourcing-criteria.js";
export { visitOccasion } from "./sourcing/profile-visit.js";
