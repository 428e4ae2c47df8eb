export * from "./account-queries.js";
