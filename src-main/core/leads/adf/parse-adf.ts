/** ADF 1.0 prospects to ParsedLeads. Missing optional elements stay null. */
import type { LeadTradeIn, LeadVehicle, ParsedLead, PreferredContact, VehicleInterest } from '../types';
import { LIMITS, type WorkMeter } from '../limits';
import { cleanAdf } from './clean-adf';
import { attr, childText, findFirst, kid, kids, parseXml, text, type XmlValue } from './xml-tree';
import { joinName } from '../names';
import { toE164 } from '../phone';
import { parseLeadDate } from '../dates';
import { cleanField, cleanMultiline } from '../text/safe-text';
import { cleanVin, emptyVehicle, parseOdometer, parsePrice, parseYear } from '../vehicle-text';
import { markUntrusted } from '../untrusted';
import { tradeInFromComments } from '../trade-in-text';
import { normaliseEmailAddress } from '../email-address';

export interface AdfParseResult {
  leads: ParsedLead[];
  /** Provider named in the ADF (<provider><name>, else <id source>), or null. */
  provider: string | null;
  version: string | null;
  repairs: string[];
}

interface Ctx {
  region: string;
  timeZone: string;
}

type Interest = VehicleInterest | 'trade-in' | null;

function interestOf(v: XmlValue): Interest {
  const i = (attr(v, 'interest') ?? '').toLowerCase().replace(/[\s_]/g, '-');
  if (i === 'buy' || i === 'purchase') return 'buy';
  if (i === 'lease') return 'lease';
  if (i === 'test-drive' || i === 'testdrive') return 'test-drive';
  if (i === 'sell') return 'sell';
  if (i === 'trade-in' || i === 'tradein' || i === 'trade') return 'trade-in';
  return null;
}

const PRICE_PRIORITY = ['quote', 'offer', 'asking', 'msrp', 'invoice', 'appraisal'];

function priceOf(v: XmlValue): number | null {
  const prices = kids(v, 'price');
  let best: number | null = null;
  let bestRank = Infinity;
  for (const p of prices.slice(0, 10)) {
    const n = parsePrice(text(p));
    if (n === null) continue;
    const type = (attr(p, 'type') ?? '').toLowerCase();
    const rank = PRICE_PRIORITY.indexOf(type) === -1 ? PRICE_PRIORITY.length : PRICE_PRIORITY.indexOf(type);
    if (rank < bestRank) {
      best = n;
      bestRank = rank;
    }
  }
  return best;
}

function vehicleOf(v: XmlValue, interest: Interest): LeadVehicle {
  const status = (attr(v, 'status') ?? '').toLowerCase();
  const ve = emptyVehicle();
  ve.year = parseYear(childText(v, 'year'));
  ve.make = cleanField(childText(v, 'make'), 60);
  ve.model = cleanField(childText(v, 'model'), 80);
  ve.trim = cleanField(childText(v, 'trim'), 120);
  ve.vin = cleanVin(childText(v, 'vin'));
  ve.stock = cleanField(childText(v, 'stock'), 40);
  ve.status = status === 'new' ? 'new' : status === 'used' ? 'used' : null;
  ve.interest = interest === 'trade-in' ? null : interest;
  ve.price = priceOf(v);
  return ve;
}

function tradeInOf(v: XmlValue): LeadTradeIn {
  return {
    year: parseYear(childText(v, 'year')),
    make: cleanField(childText(v, 'make'), 60),
    model: cleanField(childText(v, 'model'), 80),
    odometer: parseOdometer(childText(v, 'odometer')),
  };
}

function isPreferred(n: XmlValue): boolean {
  const p = (attr(n, 'preferredcontact') ?? '').toLowerCase();
  return p === '1' || p === 'true' || p === 'yes';
}

const PHONE_RANK: Record<string, number> = { cellphone: 0, mobile: 0, cell: 0, voice: 1, home: 2, work: 3 };

function prospectToLead(p: XmlValue, ctx: Ctx, meter: WorkMeter): ParsedLead {
  const customer = kid(p, 'customer');
  const contacts = kids(customer, 'contact');
  const contact = contacts.find((c) => attr(c, 'primarycontact') === '1') ?? contacts[0];

  let first: string | null = null;
  let last: string | null = null;
  let full: string | null = null;
  for (const n of kids(contact, 'name').slice(0, 10)) {
    const part = (attr(n, 'part') ?? '').toLowerCase();
    const t = cleanField(text(n), 120);
    if (part === 'first') first ??= t;
    else if (part === 'last') last ??= t;
    else if (part === 'full' || part === '') full ??= t;
  }
  const name = joinName(first, last, full);

  let preferred: PreferredContact | null = null;
  const emails = kids(contact, 'email').slice(0, 10);
  const prefEmail = emails.find(isPreferred);
  if (prefEmail) preferred = 'email';
  let email: string | null = null;
  for (const e of prefEmail ? [prefEmail, ...emails] : emails) {
    email = normaliseEmailAddress(text(e));
    if (email) break;
  }

  const phones = kids(contact, 'phone')
    .slice(0, 10)
    .filter((ph) => !['fax', 'pager'].includes((attr(ph, 'type') ?? '').toLowerCase()));
  const ranked = [...phones].sort((a, b) => {
    const pa = isPreferred(a) ? -10 : 0;
    const pb = isPreferred(b) ? -10 : 0;
    const ra = PHONE_RANK[(attr(a, 'type') ?? 'voice').toLowerCase()] ?? 4;
    const rb = PHONE_RANK[(attr(b, 'type') ?? 'voice').toLowerCase()] ?? 4;
    return pa + ra - (pb + rb);
  });
  let phone: string | null = null;
  for (const ph of ranked) {
    phone = toE164(text(ph), ctx.region);
    if (phone) {
      if (!preferred && isPreferred(ph)) preferred = 'phone';
      break;
    }
  }

  const address = kid(contact, 'address');
  const postalCode = cleanField(childText(address, 'postalcode'), 12);

  const vehicles = kids(p, 'vehicle').slice(0, 20);
  const withInterest = vehicles.map((v) => ({ v, i: interestOf(v) }));
  const primary =
    withInterest.find((x) => x.i === 'buy' || x.i === 'lease' || x.i === 'test-drive') ??
    withInterest.find((x) => x.i === null) ??
    withInterest.find((x) => x.i === 'sell' && !withInterest.some((y) => y.i === 'trade-in'));
  const trade =
    withInterest.find((x) => x.i === 'trade-in') ??
    withInterest.find((x) => x.i === 'sell' && x !== primary);
  const tradeNode = trade?.v ?? kid(p, 'tradein') ?? kid(p, 'trade-in');

  const commentsRaw = cleanMultiline(childText(customer, 'comments'));
  const untrusted = markUntrusted(commentsRaw);
  meter.add(commentsRaw?.length ?? 0);

  return {
    externalId: cleanField(childText(p, 'id'), 100),
    requestedAt: parseLeadDate(childText(p, 'requestdate'), ctx.timeZone),
    customer: {
      firstName: name.firstName,
      lastName: name.lastName,
      fullName: name.fullName,
      email,
      phone,
      postalCode,
      preferredContact: preferred,
    },
    vehicle: primary ? vehicleOf(primary.v, primary.i) : null,
    tradeIn: tradeNode !== undefined ? tradeInOf(tradeNode) : tradeInFromComments(commentsRaw),
    comments: commentsRaw,
    untrusted: untrusted.untrusted,
    injectionSuspected: untrusted.injectionSuspected,
  };
}

export function parseAdf(raw: string, ctx: Ctx, meter: WorkMeter): AdfParseResult | null {
  const cleaned = cleanAdf(raw.length > LIMITS.maxAdfChars ? raw.slice(0, LIMITS.maxAdfChars) : raw);
  meter.add(cleaned.xml.length * 3);
  const tree = parseXml(cleaned.xml);
  if (!tree) return null;
  const adf = findFirst(tree, 'adf');
  const prospects = (adf !== undefined ? kids(adf, 'prospect') : kids(tree, 'prospect')).slice(0, LIMITS.maxProspects);
  if (prospects.length === 0) return null;
  let version = cleaned.version;
  if (!version && adf !== undefined) version = attr(adf, 'version');
  const first = prospects[0];
  const provider =
    cleanField(childText(kid(first, 'provider'), 'name'), 120) ??
    cleanField(attr(kid(first, 'id'), 'source'), 120);
  return {
    leads: prospects.map((p) => prospectToLead(p, ctx, meter)),
    provider,
    version,
    repairs: cleaned.repairs,
  };
}
