import type { NotificationChannelKind, NotificationEventType } from "@nudge/db";
import type { ChannelEventType, ChannelKind, ChannelTarget } from "./channel-schema.js";

export * from "./channel-schema.js";

// The browser-safe lists must stay the database's enums: a type error here if one side changes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameKinds: Same<ChannelKind, NotificationChannelKind> = true;
const sameEvents: Same<ChannelEventType, NotificationEventType> = true;
void [sameKinds, sameEvents];

export type ChannelSecret = ChannelTarget["secret"];

/** The values of a secret, to scrub them from any error text before it is stored or logged. */
export function secretValues(secret: ChannelSecret): string[] {
  const values = Object.values(secret as Record<string, string | undefined>).filter(
    (v): v is string => typeof v === "string" && v.length >= 4,
  );
  // A URL's path and query carry the token: scrub them alone too (an error may quote them).
  for (const v of [...values]) {
    if (URL.canParse(v)) {
      const u = new URL(v);
      if (u.pathname.length > 1) values.push(u.pathname);
      if (u.search) values.push(u.search.slice(1));
    }
  }
  return values;
}
