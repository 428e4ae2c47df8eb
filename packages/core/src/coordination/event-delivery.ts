import type { Logger } from "pino";

export type EventHandler = (message: unknown) => void;

/**
 * Hands one published payload to every handler of its channel, for both fan-out transports
 * (Redis pub/sub and the database poller). A payload that is not JSON is dropped; a handler that
 * throws is logged and does not stop the others.
 */
export function deliverEvent(
  handlers: ReadonlySet<EventHandler> | undefined,
  channel: string,
  payload: string,
  log: Logger | undefined,
): void {
  let message: unknown;
  try {
    message = JSON.parse(payload);
  } catch {
    return;
  }
  for (const handler of handlers ?? []) {
    try {
      handler(message);
    } catch (error) {
      log?.warn({ err: error, channel }, "an event subscriber threw");
    }
  }
}
