// Browser engine (DESIGN §4): launcher, sessions, selector engine, LinkedIn page objects.
export * from "./dates/birthday-date.js";
export * from "./launcher/launcher.js";
export * from "./launcher/process-tree.js";
export * from "./session/session-crypto.js";
export * from "./session/storage-state.js";
