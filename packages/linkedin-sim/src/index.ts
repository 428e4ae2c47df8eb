export { createSimulator, BIRTHDAY_PATHS, type Simulator } from "./simulator.js";
export { startSimulator, type RunningSimulator } from "./server.js";
export {
  scenarioSchema,
  birthdaySchema,
  birthdayWhenSchema,
  profileSchema,
  faultsSchema,
  honeypotStyleSchema,
  parseScenario,
  type Scenario,
  type ScenarioInput,
  type Birthday,
  type BirthdayWhen,
  type Profile,
  type Faults,
  type FaultsInput,
  type HoneypotStyle,
} from "./scenario.js";
export type { SimState } from "./state.js";
export { compileKeywords } from "./search-query.js";
