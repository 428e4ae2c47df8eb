/** What the simulator saw the engine do; `GET /__sim/state` returns it as is. */
export interface SimState {
  /** Messages that reached a thread. */
  sent: { to: string; text: string; at: string }[];
  /** Profile pages served. */
  visits: { publicId: string; at: string }[];
  /** Every request except the control API (`/__sim/*`) and the static script. */
  requests: number;
  /** Clicks on invisible honeypot buttons. Must stay 0. */
  honeypotClicks: number;
  /** Connect / Follow clicks (a birthday run must never make any). */
  invitations: { to: string; kind: "connect" | "follow"; at: string }[];
  /** "Share" clicks on the share-your-profile prompt after a send (variant c). Must stay 0. */
  profileShares: number;
}

export function emptyState(): SimState {
  return { sent: [], visits: [], requests: 0, honeypotClicks: 0, invitations: [], profileShares: 0 };
}
