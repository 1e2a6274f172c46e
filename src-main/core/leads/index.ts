/** Public API of the lead intake (pure; no I/O). */
export { parseLeadEmail, extractFromMime, resolveOptions } from './parse-lead-email';
export { dedupe, leadKeyOf, mergeLeadKey, vehicleKeys } from './dedupe';
export type { LeadKey, IncomingLead, DedupeDecision } from './dedupe';
export { detectOptOut } from './opt-out';
export { toContractLine } from './contract';
export type { ContractLine } from './contract';
export { RECOGNIZERS } from './marketplaces/index';
export type { Recognizer } from './marketplaces/index';
export type * from './types';
