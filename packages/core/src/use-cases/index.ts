export * from "./caller.js";
