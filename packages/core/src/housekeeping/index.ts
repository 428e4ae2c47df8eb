export { Housekeeper, HOUSEKEEPING_LEASE, type HousekeeperDeps, type HousekeepingReport } from "./housekeeper.js";
export { HOUSEKEEPING_DEFAULTS, type HousekeepingOptions } from "./housekeeping-options.js";
