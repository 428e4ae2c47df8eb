import type { Logger } from "pino";

/**
 * Who asks for a change, for the audit line the change writes ("settings updated by …"), and
 * the logger of the request that asked (so the line carries its request id). Reads take none.
 */
export interface Caller {
  /** A key's name, a CLI user, `scheduler`… Never a secret. */
  by: string;
  log?: Logger;
}
