import type { RouterInputs } from "@nudge/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { Link } from "wouter";
import { Pager, useCursorStack } from "../../components/pager";
import { Empty, ErrorNote, QueryView } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { trpc } from "../../lib/trpc";
import { useSession } from "../../session";
import { ContactFilters, type Filters } from "./contact-filters";
import { useCsvExport } from "./csv-export";

type ListInput = RouterInputs["data"]["contacts"]["list"];

export function listInput(accountId: number, filters: Filters): Omit<ListInput, "cursor" | "limit"> {
  return {
    accountId,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.hasBirthday ? { hasBirthday: true } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
  };
}

const birthday = (c: { birthMonth: number | null; birthDay: number | null }) =>
  c.birthMonth && c.birthDay ? `${String(c.birthDay).padStart(2, "0")}/${String(c.birthMonth).padStart(2, "0")}` : "—";

/** Every person Nudge knows, filtered and searched, a page at a time; exportable as CSV. */
export default function ContactsPage() {
  const { accountId, timeZone } = useSession();
  const [filters, setFilters] = useState<Filters>({ status: "", source: "", hasBirthday: false, search: "" });
  const [limit, setLimit] = useState(50);
  const stack = useCursorStack();
  const input = listInput(accountId, filters);
  const contacts = useQuery(
    trpc.data.contacts.list.queryOptions(
      { ...input, limit, cursor: stack.cursor },
      { placeholderData: keepPreviousData },
    ),
  );
  const csv = useCsvExport(input);
  const { reset } = stack;
  const changeFilters = useCallback(
    (next: Filters) => {
      setFilters(next);
      reset();
    },
    [reset],
  );
  return (
    <section aria-labelledby="contacts-title">
      <h1 id="contacts-title">Contacts</h1>
      <ContactFilters filters={filters} onChange={changeFilters}>
        <label>
          Per page{" "}
          <select
            value={limit}
            onChange={(e) => {
              setLimit(Number(e.target.value));
              stack.reset();
            }}
          >
            {[25, 50, 100].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={csv.run} disabled={csv.running}>
          {csv.running ? `Exporting… ${csv.count}` : "Export CSV"}
        </button>
      </ContactFilters>
      <ErrorNote error={csv.error} title="Export failed" />
      <QueryView query={contacts} label="Loading contacts…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>No contact matches.</Empty>
          ) : (
            <>
              <div className="table-wrap" aria-busy={contacts.isFetching}>
                <table className="contacts">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col" className="hide-phone">
                        Headline
                      </th>
                      <th scope="col">Birthday</th>
                      <th scope="col" className="hide-phone">
                        Source
                      </th>
                      <th scope="col">Status</th>
                      <th scope="col" className="hide-phone">
                        Last interaction
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link href={`/contacts/${c.id}`}>{c.fullName}</Link>
                        </td>
                        <td className="hide-phone">{c.headline ?? ""}</td>
                        <td>{birthday(c)}</td>
                        <td className="hide-phone">{c.source}</td>
                        <td>
                          <span className={`badge contact-${c.status}`}>{c.status}</span>
                        </td>
                        <td className="hide-phone">{formatDateTime(c.lastInteractionAt, timeZone)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager stack={stack} nextCursor={page.nextCursor} label="Contacts" />
            </>
          )
        }
      </QueryView>
    </section>
  );
}
