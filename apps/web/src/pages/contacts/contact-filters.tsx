import { useEffect, useState, type ReactNode } from "react";

export interface Filters {
  status: "" | "active" | "blacklisted";
  source: "" | "birthday" | "sourcing" | "import" | "manual";
  hasBirthday: boolean;
  search: string;
}

const SOURCES = ["birthday", "sourcing", "import", "manual"] as const;

/** Filters and a search box; the search waits for a pause in typing before it asks the server. */
export function ContactFilters({
  filters,
  onChange,
  children,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
  children?: ReactNode;
}) {
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    if (search === filters.search) return;
    const timer = setTimeout(() => onChange({ ...filters, search }), 300);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search{" "}
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Name or headline"
        />
      </label>
      <label>
        Status{" "}
        <select
          value={filters.status}
          onChange={(e) => onChange({ ...filters, status: e.target.value as Filters["status"] })}
        >
          <option value="">any</option>
          <option value="active">active</option>
          <option value="blacklisted">blacklisted</option>
        </select>
      </label>
      <label>
        Source{" "}
        <select
          value={filters.source}
          onChange={(e) => onChange({ ...filters, source: e.target.value as Filters["source"] })}
        >
          <option value="">any</option>
          {SOURCES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filters.hasBirthday}
          onChange={(e) => onChange({ ...filters, hasBirthday: e.target.checked })}
        />{" "}
        With a birthday
      </label>
      {children}
    </form>
  );
}
