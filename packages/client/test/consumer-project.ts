import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// A script author's project: the packed client installed from its tarball, TypeScript in strict
// mode with every declaration file checked (no skipLibCheck), and one script written twice, as an
// ES module (`import`) and as CommonJS (`require`).

const SCRIPT_BODY = `
async function main(url: string, apiKey: string) {
  const nudge = createClient({ url, apiKey });
  const status = await nudge.health.status.query();
  // An output field has its real type: Date, not any.
  const startedAt: Date = status.startedAt;
  const page = await nudge.data.contacts.list.query({ hasBirthday: true, limit: 10 });
  const names: string[] = page.items.map((contact) => contact.fullName);
  let refused: string | undefined;
  try {
    await createClient({ url, apiKey: "nudge_not_a_real_key_0000000000" }).keys.list.query();
  } catch (error) {
    refused = errorCode(error);
  }
  return { status: status.status, startedAtIsDate: startedAt instanceof Date, names, refused };
}

main(process.argv[2]!, process.argv[3]!).then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
`;

/** Each line is a compile error: a wrong input type, a wrong procedure name, a wrong output type. */
export const BAD_SCRIPT = `import { createClient } from "@nudge/client";

const nudge = createClient({ url: "http://127.0.0.1:9" });
export const page = nudge.data.contacts.list.query({ limit: "ten" });
export const typo = nudge.data.contacts.lst.query({});
export async function startedAt(): Promise<string> {
  return (await nudge.health.status.query()).startedAt;
}
`;

const compilerOptions = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  skipLibCheck: false,
  types: ["node"],
  outDir: "out",
};

/** Writes the project's files (not its node_modules) into `dir`. */
export function writeConsumerProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, value: string | object) =>
    writeFileSync(join(dir, name), typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`);
  write("package.json", { name: "nudge-client-consumer", private: true, type: "module" });
  write("script.mts", `import { createClient, errorCode } from "@nudge/client";\n${SCRIPT_BODY}`);
  write(
    "script.cts",
    `import nudgeClient = require("@nudge/client");\nconst { createClient, errorCode } = nudgeClient;\n${SCRIPT_BODY}`,
  );
  write("bad.mts", BAD_SCRIPT);
  write("tsconfig.json", { compilerOptions, files: ["script.mts", "script.cts"] });
  write("tsconfig.bad.json", { compilerOptions: { ...compilerOptions, noEmit: true }, files: ["bad.mts"] });
}
