import { DEFAULT_ACCOUNT_ID } from "@nudge/db";
import { z } from "zod";

/** Bounded inputs shared by several routers. */
export const accountIdInput = z
  .number()
  .int()
  .positive()
  .max(2 ** 31)
  .default(DEFAULT_ACCOUNT_ID);
export const idInput = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const limitInput = z.number().int().min(1).max(100).default(50);
export const cursorInput = z.string().max(200).optional();
