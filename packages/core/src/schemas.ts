/**
 * The domain's browser-safe entry, `@nudge/core/schemas`: the zod schemas the control panel's
 * forms share with the API, and the pure rules behind them. Nothing reachable from here may
 * import Node, the database or a service — the panel bundles this module, and the lint
 * configuration holds its imports to zod, croner and other pure modules
 * (docs/decisions/shared-schemas.md).
 */
export {
  accountProfileSchema,
  defaultSettings,
  QUOTA_ACTIONS,
  settingsSchema,
  type AccountProfile,
  type QuotaAction,
  type Settings,
  type SettingsInput,
} from "./settings/settings-schema.js";
export { findTemplateProblems, TEMPLATE_PLACEHOLDERS, type TemplateProblem } from "./settings/templates.js";
export { isValidTimeZone } from "./time/zoned.js";
export {
  CHANNEL_EVENT_TYPES,
  CHANNEL_KINDS,
  channelEventsSchema,
  channelInputSchema,
  channelPatchSchema,
  channelTargetSchema,
  DEFAULT_CHANNEL_EVENTS,
  OPT_IN_EVENTS,
  type ChannelEventType,
  type ChannelInput,
  type ChannelKind,
  type ChannelPatch,
  type ChannelTarget,
} from "./notifications/channel-schema.js";
export {
  NETWORK_DEGREES,
  positiveTerms,
  savedSearchNameSchema,
  searchKeywords,
  sourcingCriteriaSchema,
  type NetworkDegree,
  type SourcingCriteria,
  type SourcingCriteriaInput,
} from "./campaigns/sourcing/sourcing-criteria.js";
export {
  FIT_POINTS,
  fitScore,
  type FitBreakdown,
  type FitCriterion,
  type FitItem,
  type ScoredProfile,
} from "./campaigns/sourcing/fit-score.js";
