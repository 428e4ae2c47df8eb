export * from "./channel-config.js";
export * from "./channel-service.js";
export * from "./channel-transport.js";
export * from "./notification-checks.js";
export * from "./notification-messages.js";
export * from "./notification-sender.js";
export * from "./notify.js";
export * from "./webhook-signature.js";
