/**
 * Dedupe as a pure function: the same inquiry twice is one lead with two sources.
 * Rules, first match wins: same Message-ID; same provider + external id; same customer
 * (email or phone) and same vehicle (VIN, stock, or year+make+model; or both without a
 * vehicle) within 24 hours; else the same email as a lead a customer's reply started (which
 * names no vehicle and may be days older: her reply was synced before her inquiry).
 */
import type { ParsedLead } from './types';

/** What the store keeps per existing lead to decide duplicates (no message content). */
export interface LeadKey {
  leadId: string;
  messageIds: readonly string[];
  /** provider + external id pairs already attached to the lead. */
  sourceIds: readonly { provider: string; externalId: string }[];
  customerEmails: readonly string[];
  customerPhones: readonly string[];
  /** vehicleKeys() of the lead's vehicle: VIN, stock and year/make/model keys; empty when none. */
  vehicleKeys: readonly string[];
  /** ISO 8601 time of the lead (requestedAt, else when the email arrived). */
  at: string;
  /** True for a lead started by a customer's reply to a thread no lead here owned ('Customer reply'). */
  customerReply?: boolean;
}

export interface IncomingLead {
  messageId: string | null;
  provider: string | null;
  lead: ParsedLead;
  /** ISO 8601: lead.requestedAt, else the message's sending/arrival time. */
  at: string;
}

export type DedupeDecision =
  | { kind: 'same-lead'; leadId: string; matchedOn: 'message-id' | 'provider-external-id' | 'customer-vehicle-24h' | 'customer-reply-email' }
  | { kind: 'new-lead' };

const DAY_MS = 24 * 60 * 60 * 1000;

export function vehicleKeys(v: ParsedLead['vehicle']): string[] {
  if (!v) return [];
  const keys: string[] = [];
  if (v.vin) keys.push(`vin:${v.vin.toUpperCase()}`);
  if (v.stock) keys.push(`stock:${v.stock.toUpperCase()}`);
  if (v.make && v.model) keys.push(`ymm:${v.year ?? ''}|${v.make.toLowerCase()}|${v.model.toLowerCase()}`);
  return keys;
}

/** Same vehicle: some key in common, or neither names a vehicle. */
function sameVehicle(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  return a.some((k) => b.includes(k));
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}

/** Builds the key a new lead will be stored under. */
export function leadKeyOf(leadId: string, incoming: IncomingLead): LeadKey {
  return {
    leadId,
    messageIds: incoming.messageId ? [incoming.messageId] : [],
    sourceIds:
      incoming.provider && incoming.lead.externalId
        ? [{ provider: incoming.provider, externalId: incoming.lead.externalId }]
        : [],
    customerEmails: incoming.lead.customer.email ? [incoming.lead.customer.email] : [],
    customerPhones: incoming.lead.customer.phone ? [incoming.lead.customer.phone] : [],
    vehicleKeys: vehicleKeys(incoming.lead.vehicle),
    at: incoming.at,
  };
}

export function dedupe(existing: readonly LeadKey[], incoming: IncomingLead): DedupeDecision {
  const mid = incoming.messageId ? norm(incoming.messageId) : null;
  if (mid) {
    const hit = existing.find((k) => k.messageIds.some((m) => norm(m) === mid));
    if (hit) return { kind: 'same-lead', leadId: hit.leadId, matchedOn: 'message-id' };
  }
  const ext = incoming.lead.externalId ? norm(incoming.lead.externalId) : null;
  const prov = incoming.provider ? norm(incoming.provider) : null;
  if (ext && prov) {
    const hit = existing.find((k) => k.sourceIds.some((s) => norm(s.provider) === prov && norm(s.externalId) === ext));
    if (hit) return { kind: 'same-lead', leadId: hit.leadId, matchedOn: 'provider-external-id' };
  }
  const email = incoming.lead.customer.email ? norm(incoming.lead.customer.email) : null;
  const phone = incoming.lead.customer.phone;
  const at = Date.parse(incoming.at);
  if ((email || phone) && Number.isFinite(at)) {
    const vk = vehicleKeys(incoming.lead.vehicle);
    let best: { k: LeadKey; dt: number } | null = null;
    for (const k of existing) {
      const sameCustomer =
        (email !== null && k.customerEmails.some((e) => norm(e) === email)) ||
        (phone !== null && k.customerPhones.includes(phone));
      if (!sameCustomer || !sameVehicle(k.vehicleKeys, vk)) continue;
      const t = Date.parse(k.at);
      if (!Number.isFinite(t)) continue;
      const dt = Math.abs(t - at);
      if (dt <= DAY_MS && (!best || dt < best.dt)) best = { k, dt };
    }
    if (best) return { kind: 'same-lead', leadId: best.k.leadId, matchedOn: 'customer-vehicle-24h' };
  }
  if (email) {
    // Her reply synced before her inquiry started a 'Customer reply' lead: the inquiry fills it.
    const replies = existing.filter((k) => k.customerReply && k.customerEmails.some((e) => norm(e) === email));
    const newest = replies.sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0))[0];
    if (newest) return { kind: 'same-lead', leadId: newest.leadId, matchedOn: 'customer-reply-email' };
  }
  return { kind: 'new-lead' };
}

/** The key after attaching `incoming` as a second source of an existing lead. */
export function mergeLeadKey(key: LeadKey, incoming: IncomingLead): LeadKey {
  const add = leadKeyOf(key.leadId, incoming);
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  return {
    ...key,
    messageIds: uniq([...key.messageIds, ...add.messageIds]),
    sourceIds: [...key.sourceIds, ...add.sourceIds.filter((s) => !key.sourceIds.some((o) => o.provider === s.provider && o.externalId === s.externalId))],
    customerEmails: uniq([...key.customerEmails, ...add.customerEmails]),
    customerPhones: uniq([...key.customerPhones, ...add.customerPhones]),
    vehicleKeys: uniq([...key.vehicleKeys, ...add.vehicleKeys]),
  };
}
