import { parseEnv } from "../env.js";
import { startServer } from "../runtime.js";
import type { Command } from "./command.js";
import { holdDataDir } from "./data-dir-lock.js";

/** Starts the server; SIGTERM / SIGINT drain in-flight requests, a second signal exits at once. */
export const serveCommand: Command = {
  usage: "  serve                              start the server (default)",
  async run() {
    const env = parseEnv();
    // From before the database is opened: `restore` refuses while this record exists.
    const releaseDataDir = holdDataDir(env.NUDGE_DATA_DIR);
    const running = await startServer(env);
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) {
        running.runtime.log.warn({ signal }, "second signal: exiting now");
        process.exit(1);
      }
      running.shutdown(signal).then(
        () => {
          releaseDataDir();
          process.exit(0);
        },
        (error: unknown) => {
          running.runtime.log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  },
};
