import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { ErrorNote, QueryView } from "../../components/states";
import { formatDate, formatDateTime } from "../../lib/format";
import { queryClient, trpc } from "../../lib/trpc";
import { useSession } from "../../session";

/** The account's LinkedIn cookies: what is stored (never a value), upload fresh ones, check them live. */
export default function SessionSettings() {
  const { accountId, timeZone, can } = useSession();
  const status = useQuery(trpc.accounts.status.queryOptions({ accountId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });
  const check = useMutation(trpc.accounts.checkNow.mutationOptions({ onSuccess: refresh }));
  return (
    <>
      <article className="card" aria-labelledby="stored-title">
        <h2 id="stored-title">Stored session</h2>
        <QueryView query={status}>
          {(s) => (
            <>
              <p>
                <span className={`badge status-${s.sessionStatus}`}>{s.sessionStatus}</span> checked{" "}
                {formatDateTime(s.sessionCheckedAt, timeZone)}
              </p>
              {s.summary ? (
                <dl className="facts">
                  <dt>Format</dt>
                  <dd>{s.summary.format}</dd>
                  <dt>Cookies</dt>
                  <dd>{s.summary.cookieCount}</dd>
                  <dt>li_at expires</dt>
                  <dd>{formatDate(s.summary.liAtExpiresAt, timeZone)}</dd>
                </dl>
              ) : (
                <p>No session is stored.</p>
              )}
              {s.problem ? <p className="note note-warn">{s.problem.message}</p> : null}
              {can("operator") && s.hasSession ? (
                <p>
                  <button type="button" onClick={() => check.mutate({ accountId })} disabled={check.isPending}>
                    {check.isPending ? "Checking…" : "Check now"}
                  </button>{" "}
                  {check.data ? <span role="status">LinkedIn says: {check.data.status}</span> : null}
                </p>
              ) : null}
              <ErrorNote error={check.error} title="Check failed" />
            </>
          )}
        </QueryView>
      </article>
      {can("admin") ? <UploadForm onUploaded={refresh} /> : null}
    </>
  );
}

function UploadForm({ onUploaded }: { onUploaded: () => unknown }) {
  const { accountId } = useSession();
  const [text, setText] = useState("");
  const upload = useMutation(
    trpc.accounts.uploadSession.mutationOptions({
      onSuccess: () => {
        setText("");
        void onUploaded();
      },
    }),
  );
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
    event.target.value = "";
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate({ accountId, session: text, check: true });
  };
  const check = upload.data?.check;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="upload-title">
      <h2 id="upload-title">Upload fresh cookies</h2>
      <p className="muted">
        A Playwright storage state, a cookie export (EditThisCookie, Cookie-Editor) or the bare <code>li_at</code>{" "}
        value. It is stored encrypted and never shown again.
      </p>
      <label htmlFor="session-file">From a file</label>
      <input
        id="session-file"
        type="file"
        accept=".json,.txt,application/json,text/plain"
        onChange={(e) => void readFile(e)}
      />
      <label htmlFor="session-text">Or paste it</label>
      <textarea
        id="session-text"
        rows={4}
        className="mono"
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit" disabled={upload.isPending || text.trim() === ""}>
        {upload.isPending ? "Uploading and checking…" : "Upload and check"}
      </button>
      <ErrorNote error={upload.error} title="Not stored" />
      {upload.data ? (
        <p role="status" className="note note-ok">
          Stored {upload.data.summary.cookieCount} cookies ({upload.data.summary.format}).{" "}
          {check && "status" in check ? `Live check: ${check.status}.` : null}
          {check && "error" in check ? `Live check not possible: ${check.error.message}` : null}
        </p>
      ) : null}
    </form>
  );
}
