export * from "./contact-queries.js";
export * from "./full-text-query.js";
export * from "./interaction-queries.js";
export * from "./keyset-cursor.js";
export * from "./contact-service.js";
export * from "./contact-upsert.js";
export * from "./interaction-writes.js";
export * from "./contact-export.js";
