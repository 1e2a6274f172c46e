import type { LeadStatus } from '../../../src-shared/contract/areas/leads';
import type { LeadStore } from './lead-store';
import type { NewLead, NewMessage, NewVehicle } from './writes/leads';
import type { Now } from './time';

// Demo data for the Leads view until mail sync exists, and the benchmark's synthetic leads.
// Names, numbers (555-01xx) and addresses (example.com/.net) are fictional by construction.

const FIRST = ['James', 'Maria', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Patricia', 'Carlos', 'Aisha', 'Kevin', 'Nguyen', 'Emily', 'Jamal', 'Sofia', 'Brian', 'Priya', 'Tyler', 'Hannah', 'Luis', 'Grace', 'Derek', 'Olivia', 'Marcus'];
const LAST = ['Johnson', 'Garcia', 'Smith', 'Martinez', 'Brown', 'Nguyen', 'Williams', 'Patel', 'Davis', 'Lopez', 'Miller', 'Wilson', 'Anderson', 'Thomas', 'Hernandez', 'Moore', 'Jackson', 'Kim', 'Clark', 'Lewis'];
const VEHICLES: readonly [string, string, readonly string[], number][] = [
  ['Toyota', 'Camry', ['LE', 'SE', 'XSE'], 29_000], ['Toyota', 'RAV4', ['LE', 'XLE', 'Limited'], 32_000],
  ['Honda', 'Civic', ['LX', 'Sport', 'EX'], 25_000], ['Honda', 'CR-V', ['EX', 'EX-L', 'Touring'], 33_000],
  ['Ford', 'F-150', ['XL', 'XLT', 'Lariat'], 45_000], ['Ford', 'Explorer', ['XLT', 'ST'], 41_000],
  ['Chevrolet', 'Silverado 1500', ['LT', 'RST', 'LTZ'], 47_000], ['Chevrolet', 'Equinox', ['LS', 'LT'], 28_000],
  ['Nissan', 'Rogue', ['S', 'SV', 'SL'], 30_000], ['Hyundai', 'Tucson', ['SE', 'SEL', 'Limited'], 29_500],
  ['Kia', 'Telluride', ['LX', 'S', 'EX'], 38_000], ['Jeep', 'Grand Cherokee', ['Laredo', 'Limited'], 42_000],
  ['Subaru', 'Outback', ['Premium', 'Limited'], 31_000], ['Tesla', 'Model 3', ['Long Range'], 42_000],
];
const SOURCES: readonly [NewLead['source']['format'], string, number][] = [
  ['adf', 'Cars.com', 0.98], ['adf', 'Autotrader', 0.97], ['adf', 'CarGurus', 0.97], ['adf', 'Edmunds', 0.95],
  ['adf', 'TrueCar', 0.96], ['marketplace', 'Facebook Marketplace', 0.82], ['website-form', 'Website', 0.9],
  ['unknown', 'Unknown sender', 0.55],
];
const COMMENTS = [
  'Is this vehicle still available? I can come by Saturday morning.',
  'What is your best out-the-door price? I am pre-approved through my credit union.',
  'Interested in a test drive this week after 5pm. Do you have it in silver?',
  'Do you take trade-ins? I have a 2016 Honda Accord with about 90k miles.',
  'Looking to lease, 36 months, 12k miles a year. What would the monthly be with $2,000 down?',
  'Can you send me more pictures of the interior and the window sticker?',
  'My wife and I want to compare the hybrid and the gas version. Any incentives this month?',
  'Please call me, texting is fine too. Need something reliable for my commute.',
  null,
];
const STATUS_MIX: readonly LeadStatus[] = ['new', 'new', 'new', 'contacted', 'contacted', 'appointment', 'sold', 'lost'];
const REPS = ['rep-anna', 'rep-ben', 'rep-chris', null, null];

/** Deterministic PRNG (mulberry32), so demo data and benchmarks are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticLead {
  readonly message: NewMessage;
  readonly lead: NewLead;
}

/** One realistic lead + its source message; `index` makes ids unique, `receivedAt` orders them. */
export function syntheticLead(random: () => number, index: number, receivedAt: number): SyntheticLead {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const first = pick(FIRST);
  const last = pick(LAST);
  const [make, model, trims, basePrice] = pick(VEHICLES);
  const [format, provider, confidence] = pick(SOURCES);
  const year = 2019 + Math.floor(random() * 7);
  const used = year < 2025;
  const vehicle: NewVehicle = {
    year, make, model, trim: pick(trims), vin: null, stock: `S${10000 + (index % 90000)}`,
    status: used ? 'used' : 'new', interest: random() < 0.2 ? 'lease' : random() < 0.3 ? 'test-drive' : 'buy',
    price: Math.round(basePrice * (used ? 0.6 + random() * 0.3 : 1 + random() * 0.1)),
  };
  const email = `${first}.${last}${index}@example.${random() < 0.5 ? 'com' : 'net'}`.toLowerCase();
  const phone = `+1${200 + Math.floor(random() * 799)}5550${String(100 + Math.floor(random() * 99)).slice(-3)}`;
  const comments = pick(COMMENTS);
  const status = pick(STATUS_MIX);
  const subject = `New lead from ${provider}: ${year} ${make} ${model}`;
  return {
    message: {
      providerMessageId: `demo-${index}`,
      providerThreadId: `demo-thread-${index}`,
      internetMessageId: `<demo-${index}@leads.example.com>`,
      fromAddress: `leads@${provider.toLowerCase().replace(/[^a-z]/g, '')}.example.com`,
      fromName: provider,
      to: ['sales@dealer.example.com'],
      subject,
      sentAt: receivedAt - 30_000,
      receivedAt,
      bodyText: `${subject}\n\nCustomer: ${first} ${last}\nEmail: ${email}\nPhone: ${phone}\n` +
        `Vehicle: ${used ? 'Used' : 'New'} ${year} ${make} ${model}\n\n${comments ?? ''}`,
    },
    lead: {
      externalId: `${provider.slice(0, 3).toUpperCase()}-${index}`,
      source: { format, provider, confidence },
      customer: { firstName: first, lastName: last, fullName: `${first} ${last}`, email, phone, postalCode: String(60000 + Math.floor(random() * 999)), preferredContact: pick(['phone', 'email', 'text', null] as const) },
      vehicle,
      tradeIn: random() < 0.25 ? { year: 2012 + Math.floor(random() * 8), make: pick(VEHICLES)[0], model: pick(VEHICLES)[1], odometer: 40_000 + Math.floor(random() * 100_000) } : null,
      comments,
      untrusted: comments !== null,
      injectionSuspected: false,
      requestedAt: receivedAt - 60_000,
      status,
      assignee: status === 'new' ? pick([null, null, 'rep-anna']) : pick(REPS),
      firstResponseAt: status === 'new' ? null : receivedAt + Math.floor(random() * 3_600_000),
    },
  };
}

export interface SeedOptions {
  readonly count?: number;
  readonly seed?: number;
  readonly now: Now;
}

/** Demo mailbox with `count` leads over the last two weeks (newest a few minutes ago). Idempotent. */
export function seedDemoLeads(store: LeadStore, options: SeedOptions): { accountId: string; leads: number } {
  const count = options.count ?? 250;
  const random = seededRandom(options.seed ?? 42);
  const existing = store.mailboxes.list().find((a) => a.provider === 'simulator' && a.address === 'demo@dealer.example.com');
  const account = existing ?? store.mailboxes.add({ provider: 'simulator', address: 'demo@dealer.example.com', displayName: 'Demo showroom' }, 'seed');
  const end = options.now().getTime() - 5 * 60_000;
  const span = 14 * 24 * 3_600_000;
  const items: SyntheticLead[] = [];
  for (let i = 0; i < count; i++) items.push(syntheticLead(random, i, Math.round(end - span + (span * i) / Math.max(count - 1, 1))));
  const ingested = store.leads.ingestMany(account.id, items);
  return { accountId: account.id, leads: ingested.filter((l) => l.created).length };
}
