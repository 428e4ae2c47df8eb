import type { RouterOutputs } from "@nudge/api";

export type Role = NonNullable<RouterOutputs["panel"]["me"]>["role"];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether `role` may do what `needed` may (the API checks again: this only hides what would fail). */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer (read only)",
  operator: "Operator (+ start and cancel runs)",
  admin: "Admin (+ settings, keys, sessions)",
};
