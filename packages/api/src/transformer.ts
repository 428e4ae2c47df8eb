// One transformer for the server and every client link, so both ends can never drift.
export { default as transformer } from "superjson";
