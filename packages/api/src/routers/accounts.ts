import {
  checkAccountSession,
  describeAccountSession,
  isNudgeError,
  listAccountSessions,
  MAX_SESSION_UPLOAD_BYTES,
  NudgeError,
  SelectorEngine,
  uploadAccountSession,
} from "@nudge/core";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import type { Context, SessionServices } from "../context.js";
import { accountIdInput } from "../inputs.js";
import { adminProcedure, operatorProcedure, viewerProcedure } from "../trpc.js";

/**
 * LinkedIn sessions of the accounts (DESIGN §4): upload (Playwright storage state, cookie export
 * or bare li_at), status, live check. Every answer is a summary — cookie names, domains and
 * expiry — and never a cookie value; the upload itself is never logged.
 */

function sessionsOf(ctx: Context): SessionServices {
  const sessions = ctx.services.sessions;
  if (!sessions) throw new NudgeError("ENCRYPTION_KEY_MISSING", "sessions are not configured on this server (NUDGE_ENCRYPTION_KEY)");
  return sessions;
}

const deps = (ctx: Context) => ({ db: ctx.services.db, keys: ctx.services.sessions?.keys ?? [], clock: ctx.services.clock, log: ctx.log });

async function checkLive(ctx: Context, accountId: number) {
  const sessions = sessionsOf(ctx);
  const engine = await SelectorEngine.create({ db: ctx.services.db, dataDir: sessions.dataDir, runId: `session-check-${accountId}`, clock: ctx.services.clock, log: ctx.log, registry: ctx.services.registry });
  return sessions.withBrowser((browser) => checkAccountSession({ ...deps(ctx), keys: sessions.keys, browser, engine, baseUrl: sessions.linkedinBaseUrl }, accountId));
}

const uploadInput = z.object({
  accountId: accountIdInput,
  /** The file's text (JSON or a bare li_at value) or already-parsed JSON. */
  session: z.union([z.string().max(MAX_SESSION_UPLOAD_BYTES), z.array(z.unknown()).max(500), z.record(z.string(), z.unknown())]),
  /** Check it against LinkedIn right away (the default). */
  check: z.boolean().default(true),
});

export const accountsRouter = {
  list: viewerProcedure.query(async ({ ctx }) => listAccountSessions(deps(ctx))),

  status: viewerProcedure.input(z.object({ accountId: accountIdInput }).prefault({})).query(async ({ ctx, input }) => describeAccountSession(deps(ctx), input.accountId)),

  uploadSession: adminProcedure.input(uploadInput).mutation(async ({ ctx, input }) => {
    const sessions = sessionsOf(ctx);
    const summary = await uploadAccountSession({ ...deps(ctx), keys: sessions.keys }, input.accountId, input.session);
    ctx.log.info({ by: ctx.principal.name, accountId: input.accountId, format: summary.format, cookies: summary.cookieCount }, "session uploaded");
    let check: { status: string; checkedAt: Date } | { error: { code: string; message: string } } | null = null;
    if (input.check) {
      try {
        check = await checkLive(ctx, input.accountId);
      } catch (error) {
        // The session is stored either way; a 429 or a network error says nothing about it.
        if (!isNudgeError(error)) throw error;
        check = { error: { code: error.code, message: error.message } };
      }
    }
    return { summary, check, account: await describeAccountSession(deps(ctx), input.accountId) };
  }),

  /** Opens LinkedIn's feed with the stored session and records valid / expired / restricted. */
  checkNow: operatorProcedure.input(z.object({ accountId: accountIdInput }).prefault({})).mutation(async ({ ctx, input }) => {
    const result = await checkLive(ctx, input.accountId);
    ctx.log.info({ by: ctx.principal.name, accountId: input.accountId, status: result.status }, "session checked");
    return result;
  }),
} satisfies TRPCRouterRecord;
