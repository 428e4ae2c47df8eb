import type { RouterOutputs } from "@nudge/api";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Empty, ErrorNote, QueryView } from "../../components/states";
import { formatDateTime, formatNumber } from "../../lib/format";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

type Candidate = RouterOutputs["selectors"]["list"]["candidates"][number];
type Strategy = Candidate["strategy"];
const STRATEGIES: Record<Strategy, string> = {
  css: "CSS selector",
  role: "ARIA role and name",
  text: "Visible text",
  heuristic: "Heuristic",
};

/** How each logical element is found on LinkedIn's pages, how well each way works, and what missed. */
export default function SelectorSettings() {
  const selectors = useQuery(trpc.selectors.list.queryOptions({}));
  const { can } = useSession();
  return (
    <QueryView query={selectors}>
      {({ keys, candidates }) => (
        <>
          <RecentMisses />
          {can("admin") ? <AddCandidate keys={keys.map((k) => k.key)} /> : null}
          {keys.map(({ key, description }) => (
            <SelectorKey
              key={key}
              name={key}
              description={description}
              candidates={candidates.filter((c) => c.key === key)}
            />
          ))}
        </>
      )}
    </QueryView>
  );
}

function SelectorKey({
  name,
  description,
  candidates,
}: {
  name: string;
  description: string;
  candidates: Candidate[];
}) {
  const { can, timeZone } = useSession();
  const toggle = useMutation(
    trpc.selectors.disable.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.selectors.list.pathKey() }),
    }),
  );
  return (
    <article className="card card-full">
      <h2 className="mono">{name}</h2>
      <p className="muted">{description}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Candidate</th>
              <th scope="col" className="num">
                Hits
              </th>
              <th scope="col" className="num">
                Misses
              </th>
              <th scope="col" className="hide-phone">
                Last hit
              </th>
              {can("admin") ? <th scope="col">Use</th> : null}
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.id} className={c.disabled ? "disabled" : undefined}>
                <td>{c.rank ?? "off"}</td>
                <td>
                  <code className="candidate">{c.candidate}</code>{" "}
                  <span className="muted">
                    {c.strategy}, {c.source}
                  </span>
                </td>
                <td className="num">{formatNumber(c.successes)}</td>
                <td className="num">{formatNumber(c.failures)}</td>
                <td className="hide-phone">{formatDateTime(c.lastSuccessAt, timeZone)}</td>
                {can("admin") ? (
                  <td>
                    <button
                      type="button"
                      onClick={() => toggle.mutate({ id: c.id, disabled: !c.disabled })}
                      disabled={toggle.isPending}
                      aria-label={`${c.disabled ? "Enable" : "Disable"} ${c.candidate}`}
                    >
                      {c.disabled ? "Enable" : "Disable"}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={toggle.error} />
    </article>
  );
}

function AddCandidate({ keys }: { keys: string[] }) {
  const [key, setKey] = useState(keys[0] ?? "");
  const [strategy, setStrategy] = useState<Strategy>("css");
  const [candidate, setCandidate] = useState("");
  const add = useMutation(
    trpc.selectors.add.mutationOptions({
      onSuccess: () => {
        setCandidate("");
        void queryClient.invalidateQueries({ queryKey: trpc.selectors.list.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ key, strategy, candidate });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="add-candidate-title">
      <h2 id="add-candidate-title">Add a candidate</h2>
      <div className="field-grid">
        <label>
          Element
          <select value={key} onChange={(e) => setKey(e.target.value)}>
            {keys.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Strategy
          <select value={strategy} onChange={(e) => setStrategy(e.target.value as Strategy)}>
            {Object.entries(STRATEGIES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Candidate
          <input className="mono" value={candidate} onChange={(e) => setCandidate(e.target.value)} required />
        </label>
      </div>
      <button type="submit" disabled={add.isPending || candidate.trim() === ""}>
        Add
      </button>
      <ErrorNote error={add.error} title="Not added" />
    </form>
  );
}

function RecentMisses() {
  const { accountId, timeZone } = useSession();
  const problems = useQuery(trpc.campaigns.runs.problems.queryOptions({ accountId, limit: 50 }));
  const misses = problems.data?.filter((p) => p.type === "selector.miss") ?? [];
  return (
    <article className="card card-full" aria-labelledby="misses-title">
      <h2 id="misses-title">Recent misses</h2>
      {misses.length === 0 ? (
        <Empty>No selector missed lately.</Empty>
      ) : (
        <ul className="compact">
          {misses.map((m) => (
            <li key={`${m.runId}-${m.seq}`}>
              {formatDateTime(m.at, timeZone)} <code>{String(m.data.key)}</code> in run #{m.runId}
              {typeof m.data.screenshot === "string" ? (
                <>
                  {" "}
                  — <a href={`/${m.data.screenshot}`}>screenshot</a>
                </>
              ) : null}
              {typeof m.data.html === "string" ? (
                <>
                  {" "}
                  · <a href={`/${m.data.html}`}>page copy</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
