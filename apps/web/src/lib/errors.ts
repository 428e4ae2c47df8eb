import { TRPCClientError } from "@trpc/client";

export interface ErrorInfo {
  /** The API's stable code (`QUOTA_EXHAUSTED`, `FORBIDDEN`, …) when the server gave one. */
  code: string | undefined;
  message: string;
  status: number | undefined;
  /** Field errors of a refused input, by field name. */
  fieldErrors: Record<string, string[] | undefined>;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
}

/** What the panel shows of a failed call: the server's own message and code, never a guess. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? undefined) as ErrorData | undefined;
    const status = data?.httpStatus ?? (error.meta?.response as Response | undefined)?.status;
    // Answers from in front of tRPC (429 throttle, 413 body limit) are plain JSON the link cannot read.
    const plain = (error.meta?.responseJSON as { error?: { code?: string; message?: string } } | undefined)?.error;
    return {
      code: data?.code ?? plain?.code ?? (status === 429 ? "TOO_MANY_ATTEMPTS" : undefined),
      message: plain?.message ?? error.message,
      status,
      fieldErrors: data?.zodError?.fieldErrors ?? {},
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: undefined, message, status: undefined, fieldErrors: {} };
}
