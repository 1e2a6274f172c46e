/** Labelled fields (from a marketplace or form email) to a ParsedLead. Unknown stays null. */
import type { LeadTradeIn, ParsedLead, PreferredContact, VehicleInterest } from './types';
import type { Fields } from './text/label-values';
import { joinName } from './names';
import { toE164 } from './phone';
import { parseLeadDate } from './dates';
import { normaliseEmailAddress, findEmailInText } from './email-address';
import { cleanField, cleanMultiline } from './text/safe-text';
import {
  cleanVin, emptyVehicle, findVin, parseOdometer, parsePrice, parseVehicleDescription, parseYear,
  statusFromText, vehicleIsEmpty,
} from './vehicle-text';
import { markUntrusted } from './untrusted';
import { tradeInFromComments } from './trade-in-text';

export interface FieldsContext {
  region: string;
  timeZone: string;
  subject: string | null;
}

function preferredOf(s: string | undefined): PreferredContact | null {
  if (!s) return null;
  const t = s.toLowerCase();
  if (/\b(text|sms|txt)\b/.test(t)) return 'text';
  if (/\b(e-?mail)\b/.test(t)) return 'email';
  if (/\b(phone|call|telephone|cell|mobile)\b/.test(t)) return 'phone';
  return null;
}

function interestOf(f: Fields, subject: string | null): VehicleInterest | null {
  const hint = [f.interest, f.form, subject].filter(Boolean).join(' | ').toLowerCase().slice(0, 400);
  if (/test[\s-]?drive/.test(hint)) return 'test-drive';
  if (/\blease\b/.test(hint)) return 'lease';
  if (/\b(sell my car|sell your car|value (?:my|your) trade|trade(?:-in)? (?:appraisal|value)|instant offer|we buy)\b/.test(hint)) return 'sell';
  if (/\b(buy|purchase|finance|financing)\b/.test(hint)) return 'buy';
  return null;
}

const STOCK_IN_TEXT = /\bstock\s*(?:#|no\.?|number)?\s*:?\s*([A-Z0-9][A-Z0-9-]{1,19})\b/i;

function tradeInOf(f: Fields): LeadTradeIn | null {
  let year = parseYear(f.tradeYear ?? null);
  let make = cleanField(f.tradeMake, 60);
  let model = cleanField(f.tradeModel, 80);
  let odometer = parseOdometer(f.tradeMileage ?? null);
  if (f.tradeIn && !/^(no|none|n\/a|-)$/i.test(f.tradeIn.trim())) {
    const [desc, ...rest] = f.tradeIn.split(/[,;(]| - | with /);
    const d = parseVehicleDescription(desc ?? null);
    year ??= d.year;
    make ??= d.make;
    model ??= d.model;
    const milesPart = rest.join(' ');
    if (odometer === null && /\b(mi|miles|km|k)\b/i.test(milesPart)) odometer = parseOdometer(milesPart);
  }
  if (year === null && make === null && model === null) return null;
  return { year, make, model, odometer };
}

export function fieldsToLead(f: Fields, ctx: FieldsContext): ParsedLead {
  const name = joinName(cleanField(f.firstName, 80), cleanField(f.lastName, 80), cleanField(f.fullName, 160));
  const email = normaliseEmailAddress(f.email) ?? (f.email ? findEmailInText(f.email) : null);
  const phone = toE164(f.phone ?? null, ctx.region);

  const vehicleLine = f.vehicle ?? '';
  const desc = parseVehicleDescription(cleanField(vehicleLine, 300));
  const v = emptyVehicle();
  v.year = parseYear(f.year ?? null) ?? desc.year;
  v.make = cleanField(f.make, 60) ?? desc.make;
  v.model = cleanField(f.model, 80) ?? desc.model;
  v.trim = cleanField(f.trim, 120) ?? desc.trim;
  v.vin = cleanVin(f.vin ?? null) ?? (vehicleLine ? findVin(vehicleLine) : null);
  v.stock = cleanField(f.stock, 40) ?? cleanField(STOCK_IN_TEXT.exec(vehicleLine)?.[1], 40);
  v.status =
    (f.condition ? statusFromText(f.condition) : null) ??
    desc.status ??
    (f.pageUrl && /\/(new)[/-]/i.test(f.pageUrl) ? 'new' : f.pageUrl && /\/(used|pre-owned|certified)[/-]/i.test(f.pageUrl) ? 'used' : null);
  v.interest = interestOf(f, ctx.subject);
  v.price = parsePrice(f.price ?? null);

  const comments = cleanMultiline(f.comments);
  const mark = markUntrusted(comments);
  return {
    externalId: cleanField(f.leadId, 100),
    requestedAt: parseLeadDate(f.requestDate ?? null, ctx.timeZone),
    customer: {
      firstName: name.firstName,
      lastName: name.lastName,
      fullName: name.fullName,
      email,
      phone,
      postalCode: cleanField(f.postalCode, 12),
      preferredContact: preferredOf(f.preferredContact),
    },
    vehicle: vehicleIsEmpty(v) ? null : v,
    tradeIn: tradeInOf(f) ?? tradeInFromComments(comments),
    comments,
    untrusted: mark.untrusted,
    injectionSuspected: mark.injectionSuspected,
  };
}

export function hasContact(l: ParsedLead): boolean {
  return l.customer.email !== null || l.customer.phone !== null;
}

export function hasLeadContent(l: ParsedLead): boolean {
  return hasContact(l) || (l.customer.fullName !== null && (l.vehicle !== null || l.comments !== null));
}
