import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';

/** Leads corrected in this window since the list loaded, by id. */
export type LeadPatches = ReadonlyMap<string, LeadSummary>;

export function withPatches(leads: readonly LeadSummary[], patches: LeadPatches): readonly LeadSummary[] {
  return patches.size === 0 ? leads : leads.map((lead) => patches.get(lead.id) ?? lead);
}
