import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorInfo } from "../lib/errors";

/** A failed call as the API explained it: its message and its stable code. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const { message, code } = errorInfo(error);
  return (
    <div className="note note-error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      <span>{message}</span>
      {code ? <code className="error-code">{code}</code> : null}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Loading, error or the data: the three states every query view has. */
export function QueryView<T, E>({
  query,
  label,
  children,
}: {
  query: UseQueryResult<T, E>;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={label} />;
  if (query.isError) return <ErrorNote error={query.error} />;
  return <>{children(query.data)}</>;
}
