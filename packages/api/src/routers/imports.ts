import {
  MAX_CONFIG_CHARS,
  MAX_IMPORT_DATABASE_BYTES,
  MAX_SESSION_UPLOAD_BYTES,
  MAX_TEMPLATE_FILE_CHARS,
  type ImportSources,
} from "@nudge/core";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { callerOf } from "../context.js";
import { accountIdInput } from "../inputs.js";
import { adminProcedure } from "../trpc.js";

/**
 * The original bot's files as the panel uploads them: the database as base64 (bounded by
 * `MAX_IMPORT_DATABASE_BYTES`; larger ones go through the `import-v1` command), the text files
 * as they are. The server's body limit (`BODY_LIMIT_BYTES`) applies first.
 */
const importInput = z
  .object({
    accountId: accountIdInput,
    database: z
      .string()
      .max(Math.ceil(MAX_IMPORT_DATABASE_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64 of the original's data/linkedin.db")
      .optional(),
    config: z.string().max(MAX_CONFIG_CHARS).optional(),
    messages: z.string().max(MAX_TEMPLATE_FILE_CHARS).optional(),
    lateMessages: z.string().max(MAX_TEMPLATE_FILE_CHARS).optional(),
    authState: z
      .string()
      .max(4 * MAX_SESSION_UPLOAD_BYTES)
      .optional(),
    /** The original's AUTH_ENCRYPTION_KEY, for an encrypted auth state; never returned or logged. */
    fernetKey: z.string().max(100).optional(),
  })
  .refine((i) => [i.database, i.config, i.messages, i.lateMessages, i.authState].some((f) => f !== undefined), {
    message: "give at least one of the original's files",
  });

function sourcesOf(input: z.infer<typeof importInput>): ImportSources {
  const { database, config, messages, lateMessages, authState, fernetKey } = input;
  return {
    ...(database !== undefined ? { database: { bytes: Buffer.from(database, "base64") } } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(messages !== undefined ? { messages } : {}),
    ...(lateMessages !== undefined ? { lateMessages } : {}),
    ...(authState !== undefined ? { authState } : {}),
    ...(fernetKey !== undefined ? { fernetKey } : {}),
  };
}

/**
 * Moving from the original Python bot (docs/import-v1.md): `preview` reads the uploaded files and
 * answers the report (counts, ambiguities, skipped rows, settings diff) without writing;
 * `confirm` imports the same files and answers the same report. Admin only.
 */
export const importsRouter = {
  preview: adminProcedure
    .input(importInput)
    .mutation(({ ctx, input }) =>
      ctx.nudge.imports.run(input.accountId, sourcesOf(input), { dryRun: true }, callerOf(ctx)),
    ),

  confirm: adminProcedure
    .input(importInput)
    .mutation(({ ctx, input }) =>
      ctx.nudge.imports.run(input.accountId, sourcesOf(input), { dryRun: false }, callerOf(ctx)),
    ),
} satisfies TRPCRouterRecord;
