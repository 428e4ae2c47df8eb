#!/usr/bin/env node
import { runCli, UsageError } from "./run-cli.js";
import { errorCode } from "./client.js";
import { RunFailedError } from "./cli/runs.js";

// Exit codes: 0 success, 1 a failed call (its stable code is printed), 2 a usage mistake.
// `exitCode` rather than `exit()`, so that a long listing piped to another program is not cut.
// On a terminal the live progress of a run is one line rewritten in place.
const terminal = process.stdout.isTTY ? { write: (text: string) => process.stdout.write(text) } : undefined;
runCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`), process.env, terminal).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = errorCode(error) ?? (error instanceof RunFailedError ? error.code : undefined);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nudge: ${code ? `${code}: ` : ""}${message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
