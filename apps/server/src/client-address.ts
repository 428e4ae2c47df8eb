import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import { nodeRequest, requestHeader } from "./request-context.js";

/** `::ffff:10.0.0.1` is how a dual-stack socket reports an IPv4 peer. */
const unmapped = (address: string) =>
  address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;

/** An X-Forwarded-For entry without the port some proxies add (`1.2.3.4:5678`, `[::1]:5678`). */
function hopAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return unmapped(v4WithPort?.[1] ?? entry);
}

/**
 * The reverse proxies named in `TRUST_PROXY` (addresses or CIDR ranges). Only a request whose
 * socket peer is one of them has its `X-Forwarded-For` believed.
 */
export class TrustedProxies {
  readonly #list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = "", bits] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) this.#list.addAddress(unmapped(address), type);
      else this.#list.addSubnet(address, Number(bits), type);
    }
    this.size = entries.length;
  }

  /** Whether `entry` is a valid `TRUST_PROXY` item: an IP address or a CIDR range. */
  static isValidEntry(entry: string): boolean {
    const [address = "", bits, ...rest] = entry.split("/");
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
  }

  has(address: string): boolean {
    // Without TRUST_PROXY (the usual case) every request asks this: BlockList.check builds a
    // SocketAddress each time, a measurable share of a small request's cost.
    if (this.size === 0) return false;
    const plain = unmapped(address);
    const version = isIP(plain);
    return version !== 0 && this.#list.check(plain, version === 6 ? "ipv6" : "ipv4");
  }

  /**
   * The client behind the proxies. Each trusted proxy appends the address it received the request
   * from, so the list is read from the right: the first entry that is not a trusted proxy is the
   * client; anything left of it was written by the client and proves nothing. When every entry is
   * a trusted proxy the left-most one is the furthest known hop; a malformed entry stops the walk
   * at the last trusted address.
   */
  clientOf(peer: string, forwardedFor: string | undefined): string {
    if (this.size === 0 || !forwardedFor || !this.has(peer)) return peer;
    let client = unmapped(peer);
    const hops = forwardedFor.split(",");
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hopAddress((hops[i] ?? "").trim());
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!this.has(hop)) return hop;
    }
    return client;
  }
}

/** The socket peer of a request; "unknown" under `app.request()`, which has no socket. */
function socketPeer(c: Context): string {
  return nodeRequest(c)?.socket.remoteAddress ?? "unknown";
}

/** The address failures are counted against: the socket peer, or the client behind a trusted proxy. */
export function clientAddress(c: Context, proxies: TrustedProxies): string {
  const peer = socketPeer(c);
  return proxies.size === 0 ? peer : proxies.clientOf(peer, requestHeader(c, "x-forwarded-for"));
}
