import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorNote, QueryView } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { ROLE_LABELS, type Role } from "../../lib/roles";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

/** API keys: a new key is shown once, here, and never again. */
export default function KeySettings() {
  const { timeZone } = useSession();
  const keys = useQuery(trpc.keys.list.queryOptions());
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.keys.list.queryKey() });
  const create = useMutation(trpc.keys.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.keys.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, role });
    setName("");
  };
  return (
    <>
      <form className="card" onSubmit={submit} aria-labelledby="new-key-title">
        <h2 id="new-key-title">New key</h2>
        <div className="field-grid">
          <label>
            Name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={100}
              placeholder="backup script"
            />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {Object.entries(ROLE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" disabled={create.isPending || name.trim() === ""}>
          Create key
        </button>
        <ErrorNote error={create.error} title="Not created" />
        {create.data ? (
          <div className="note note-ok" role="status">
            <p>
              Key <strong>{create.data.name}</strong> ({create.data.role}). Copy it now: it is not shown again.
            </p>
            <code className="secret" data-testid="new-key">
              {create.data.key}
            </code>
          </div>
        ) : null}
      </form>
      <article className="card card-full" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <QueryView query={keys}>
          {(list) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col" className="hide-phone">
                      Prefix
                    </th>
                    <th scope="col" className="hide-phone">
                      Last used
                    </th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((k) => (
                    <tr key={k.id}>
                      <td>{k.name}</td>
                      <td>{k.role}</td>
                      <td className="hide-phone">
                        <code>{k.prefix}</code>
                      </td>
                      <td className="hide-phone">{formatDateTime(k.lastUsedAt, timeZone)}</td>
                      <td>
                        {k.revokedAt ? (
                          `revoked ${formatDateTime(k.revokedAt, timeZone)}`
                        ) : (
                          <button
                            type="button"
                            className="danger"
                            onClick={() => revoke.mutate({ id: k.id })}
                            disabled={revoke.isPending}
                            aria-label={`Revoke ${k.name}`}
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
        <ErrorNote error={revoke.error} title="Not revoked" />
      </article>
    </>
  );
}
