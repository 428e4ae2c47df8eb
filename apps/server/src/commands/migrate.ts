import { migrationStatus } from "@nudge/db";
import { withRuntime, type Command } from "./command.js";

export const migrateCommand: Command = {
  usage: "  migrate                            apply database migrations and exit",
  run: () =>
    withRuntime(async ({ database }) => {
      const status = await migrationStatus(database.db);
      process.stdout.write(
        `database ${database.url}: ${status.applied} migrations applied, ${status.pending} pending\n`,
      );
    }),
};
