/**
 * Settings that make a run take seconds instead of hours: no pause between actions or profiles,
 * no typing delay, no idle scrolling, working hours all day. For tests and benchmarks only; spread
 * it into a settings patch and add what the test is about (quotas, a late window…).
 */
export const INSTANT_SETTINGS = {
  pacing: {
    birthdayDelaySeconds: { min: 0, max: 0 },
    visitOnProfileSeconds: { min: 0, max: 0 },
    visitBetweenProfilesSeconds: { min: 0, max: 0 },
    typingDelayMs: { min: 0, max: 0 },
    idleActivityChance: 0,
  },
  workingHours: { start: "00:00", end: "24:00" },
} as const;
