import type { LeadDetail, LeadStatus, LeadSummary } from '../../../src-shared/contract/areas/leads';
import { ageOf, fumbleAfterMs } from './time';

export const leadStatuses: readonly LeadStatus[] = ['new', 'contacted', 'appointment', 'sold', 'lost'];

const statusLabels: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  appointment: 'Appointment',
  sold: 'Sold',
  lost: 'Lost',
};

export const statusLabel = (status: LeadStatus): string => statusLabels[status];

const formatLabels: Record<LeadSummary['sourceFormat'], string> = {
  adf: 'ADF',
  marketplace: 'Marketplace',
  'website-form': 'Website form',
  unknown: 'Unrecognised format',
};

export const formatLabel = (format: LeadSummary['sourceFormat']): string => formatLabels[format];

/** Below this the parser guessed the source; the rep should check the fields. */
export const lowConfidence = 0.6;

/** "Cars.com · ADF" */
export function sourceLabel(lead: Pick<LeadSummary, 'sourceProvider' | 'sourceFormat'>): string {
  return `${lead.sourceProvider ?? 'Unknown source'} · ${formatLabel(lead.sourceFormat)}`;
}

/** "95% sure" (rounded down, so 0.599 never reads as 60%). */
export const confidenceLabel = (confidence: number): string => `${Math.floor(confidence * 100)}% sure`;

/** No first response for an hour while the lead is still open: DriveCentric's "fumble". */
export function isFumbleRisk(lead: Pick<LeadSummary, 'firstResponseAt' | 'status' | 'receivedAt'>, now: number): boolean {
  if (lead.firstResponseAt !== null || lead.status === 'sold' || lead.status === 'lost') return false;
  return ageOf(lead.receivedAt, now) > fumbleAfterMs;
}

const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const count = new Intl.NumberFormat();

export const formatPrice = (price: number): string => money.format(price);
export const formatCount = (value: number): string => count.format(value);

/** The list's summary fields, refreshed from a detail answer (after a correction). */
export function summaryOf(detail: LeadDetail): LeadSummary {
  const { id, status, assignee, customerName, email, phone, vehicle, sourceFormat, sourceProvider, sourceConfidence, receivedAt, firstResponseAt, preview } = detail;
  return { id, status, assignee, customerName, email, phone, vehicle, sourceFormat, sourceProvider, sourceConfidence, receivedAt, firstResponseAt, preview };
}

/** "+17255550198" -> "+1 725-555-0198"; anything else (already typed by a rep, other countries) as is. */
export function formatPhone(phone: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return us ? `+1 ${us[1]}-${us[2]}-${us[3]}` : phone;
}
