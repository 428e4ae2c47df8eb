import type { Database, SelectorStrategy } from "@nudge/db";
import type { Logger } from "pino";
import type { Caller } from "../../use-cases/caller.js";
import { SELECTOR_CATALOG } from "./catalog.js";
import {
  addSelectorCandidate,
  listSelectorCandidates,
  setSelectorCandidateDisabled,
  type SelectorCandidateView,
} from "./selector-store.js";

export interface SelectorServiceDeps {
  db: Database;
  log: Logger;
}

/** The selector engine's candidates as people see them: counters to look at, a way to fix things by hand. */
export class SelectorService {
  readonly #deps: SelectorServiceDeps;

  constructor(deps: SelectorServiceDeps) {
    this.#deps = deps;
  }

  /** Every candidate with its counters and rank (optionally of one key), and the catalog's keys. */
  async list(filter: {
    key?: string | undefined;
  }): Promise<{ keys: { key: string; description: string }[]; candidates: SelectorCandidateView[] }> {
    return {
      keys: SELECTOR_CATALOG.map((e) => ({ key: e.key, description: e.description })),
      candidates: await listSelectorCandidates(this.#deps.db, { key: filter.key }),
    };
  }

  /** A person's own candidate (validated; source `user`); it ranks like any other. */
  async add(
    input: { key: string; strategy: SelectorStrategy; candidate: string },
    caller: Caller,
  ): Promise<SelectorCandidateView> {
    const added = await addSelectorCandidate(this.#deps.db, input);
    (caller.log ?? this.#deps.log).info(
      { by: caller.by, key: input.key, strategy: input.strategy, id: added.id },
      "selector candidate added",
    );
    return added;
  }

  /** Takes a candidate out of the ranking, or puts it back. */
  async setDisabled(id: number, disabled: boolean, caller: Caller): Promise<SelectorCandidateView> {
    const row = await setSelectorCandidateDisabled(this.#deps.db, id, disabled);
    (caller.log ?? this.#deps.log).info({ by: caller.by, id, key: row.key, disabled }, "selector candidate toggled");
    return row;
  }
}
