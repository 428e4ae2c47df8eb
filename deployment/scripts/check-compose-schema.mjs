// Validates docker-compose.yml against the compose-spec JSON schema, with unknown keys and
// wrong types reported. The schema is not part of this repository: its path is the argument
// (.ci/run passes the copy beside the repository). Usage:
//   node deployment/scripts/check-compose-schema.mjs <compose-spec.json> [compose file]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const [schemaPath, composePath = fileURLToPath(new URL("../../docker-compose.yml", import.meta.url))] =
  process.argv.slice(2);
if (!schemaPath) {
  console.error("usage: check-compose-schema.mjs <compose-spec.json> [docker-compose.yml]");
  process.exit(2);
}
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
// Older copies name draft-07 by a URL ajv does not know; the schema is draft-07 either way.
schema.$schema = "http://json-schema.org/draft-07/schema#";
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
// Merge keys (<<: *anchor) resolved, as compose reads the file.
const compose = parse(readFileSync(composePath, "utf8"), { merge: true });
if (validate(compose)) {
  console.log(`compose-spec: ${composePath} is valid`);
} else {
  for (const error of validate.errors) console.error(`compose-spec: ${error.instancePath || "/"} ${error.message}`);
  process.exit(1);
}
