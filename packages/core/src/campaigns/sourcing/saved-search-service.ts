import { and, asc, eq, savedSearches, single, write, type Database, type SavedSearch } from "@nudge/db";
import type { Logger } from "pino";
import { getAccount } from "../../accounts/account-queries.js";
import { NudgeError } from "../../errors/index.js";
import type { Clock } from "../../time/clock.js";
import type { Caller } from "../../use-cases/caller.js";
import { savedSearchNameSchema, sourcingCriteriaSchema, type SourcingCriteria } from "./sourcing-criteria.js";

export interface SavedSearchView {
  id: number;
  accountId: number;
  name: string;
  criteria: SourcingCriteria;
  createdAt: Date;
  updatedAt: Date;
}

/** Most saved searches one account keeps. */
export const MAX_SAVED_SEARCHES = 200;

/** A stored document is read back through the schema: an older one gains the newer defaults. */
function viewOf(row: SavedSearch): SavedSearchView {
  const parsed = sourcingCriteriaSchema.safeParse(row.criteria);
  if (!parsed.success) throw new NudgeError("VALIDATION_FAILED", `saved search "${row.name}" no longer validates`);
  return { ...row, criteria: parsed.data };
}

export function parseCriteria(input: unknown): SourcingCriteria {
  const parsed = sourcingCriteriaSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    throw new NudgeError("VALIDATION_FAILED", `invalid sourcing criteria (${where}${first?.message ?? "invalid"})`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Named sourcing criteria per account (docs/sourcing.md#saved-searches). */
export class SavedSearchService {
  readonly #deps: { db: Database; clock: Clock; log: Logger };

  constructor(deps: { db: Database; clock: Clock; log: Logger }) {
    this.#deps = deps;
  }

  async list(accountId: number): Promise<SavedSearchView[]> {
    const rows = await this.#deps.db
      .select()
      .from(savedSearches)
      .where(eq(savedSearches.accountId, accountId))
      .orderBy(asc(savedSearches.name));
    return rows.map(viewOf);
  }

  async get(accountId: number, name: string): Promise<SavedSearchView> {
    const row = await this.#deps.db
      .select()
      .from(savedSearches)
      .where(and(eq(savedSearches.accountId, accountId), eq(savedSearches.name, name.trim())))
      .get();
    if (!row) throw new NudgeError("NOT_FOUND", `no saved search named "${name.trim()}"`);
    return viewOf(row);
  }

  /** Creates the search, or replaces the criteria of the one with this name. */
  async save(accountId: number, name: string, criteria: unknown, caller: Caller): Promise<SavedSearchView> {
    const { db, clock } = this.#deps;
    await getAccount(db, accountId);
    const parsedName = savedSearchNameSchema.safeParse(name);
    if (!parsedName.success)
      throw new NudgeError("VALIDATION_FAILED", `invalid name: ${parsedName.error.issues[0]?.message}`);
    const document = parseCriteria(criteria);
    const at = clock.now();
    const row = await write(db, async (tx) => {
      const count = await tx.$count(savedSearches, eq(savedSearches.accountId, accountId));
      const rows = await tx
        .insert(savedSearches)
        .values({ accountId, name: parsedName.data, criteria: document, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [savedSearches.accountId, savedSearches.name],
          set: { criteria: document, updatedAt: at },
        })
        .returning();
      const saved = single(rows, "saved search");
      if (saved.createdAt.getTime() === at.getTime() && count >= MAX_SAVED_SEARCHES) {
        throw new NudgeError("VALIDATION_FAILED", `an account keeps at most ${MAX_SAVED_SEARCHES} saved searches`);
      }
      return saved;
    });
    (caller.log ?? this.#deps.log).info({ accountId, savedSearch: row.name, by: caller.by }, "saved search saved");
    return viewOf(row);
  }

  async delete(accountId: number, name: string, caller: Caller): Promise<void> {
    const rows = await write(this.#deps.db, (tx) =>
      tx
        .delete(savedSearches)
        .where(and(eq(savedSearches.accountId, accountId), eq(savedSearches.name, name.trim())))
        .returning({ id: savedSearches.id }),
    );
    if (rows.length === 0) throw new NudgeError("NOT_FOUND", `no saved search named "${name.trim()}"`);
    (caller.log ?? this.#deps.log).info({ accountId, savedSearch: name.trim(), by: caller.by }, "saved search deleted");
  }
}
