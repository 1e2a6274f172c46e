/** Free-text vehicle descriptions ("Used 2020 Honda Civic Sport"), VINs, prices, mileages. */
import type { LeadVehicle, VehicleStatus } from './types';

const MAKES = [
  'Acura', 'Alfa Romeo', 'Aston Martin', 'Audi', 'Bentley', 'BMW', 'Buick', 'Cadillac', 'Chevrolet', 'Chevy',
  'Chrysler', 'Dodge', 'Ferrari', 'Fiat', 'Ford', 'Genesis', 'GMC', 'Honda', 'Hyundai', 'Infiniti', 'Jaguar',
  'Jeep', 'Kia', 'Lamborghini', 'Land Rover', 'Lexus', 'Lincoln', 'Lucid', 'Maserati', 'Mazda', 'McLaren',
  'Mercedes-Benz', 'Mercedes', 'Mini', 'Mitsubishi', 'Nissan', 'Polestar', 'Porsche', 'Ram', 'Rivian',
  'Rolls-Royce', 'Subaru', 'Tesla', 'Toyota', 'Volkswagen', 'VW', 'Volvo', 'Scion', 'Saturn', 'Pontiac',
];
const MAKE_BY_LOWER = new Map(MAKES.map((m) => [m.toLowerCase(), m]));

export function isKnownMake(s: string | null): boolean {
  return s !== null && MAKE_BY_LOWER.has(s.toLowerCase());
}
const TWO_WORD_MODELS = new Set([
  'grand cherokee', 'grand caravan', 'santa fe', 'santa cruz', 'model 3', 'model s', 'model x', 'model y',
  'range rover', 'land cruiser', 'town & country', 'crown victoria', 'mustang mach-e', 'grand wagoneer',
  'e pace', 'f pace', 'rav4 prime', 'c class', 'e class', 's class', 'cx 5', 'mx 5',
]);

export interface VehicleDescription {
  year: number | null;
  make: string | null;
  model: string | null;
  trim: string | null;
  status: VehicleStatus | null;
}

export function statusFromText(s: string): VehicleStatus | null {
  const t = s.toLowerCase();
  if (/\b(new)\b/.test(t) && !/\b(used|pre-?owned|certified)\b/.test(t)) return 'new';
  if (/\b(used|pre-?owned|certified|cpo)\b/.test(t)) return 'used';
  return null;
}

/** "2020 Honda Civic Sport" -> year/make/model/trim. Returns nulls for what is not there. */
export function parseVehicleDescription(raw: string | null): VehicleDescription {
  const empty: VehicleDescription = { year: null, make: null, model: null, trim: null, status: null };
  if (!raw) return empty;
  let s = raw.slice(0, 200).replace(/\s+/g, ' ').trim();
  // cut trailing " - Stock ..." / " | VIN ..." / "(Stock #...)"
  s = s.split(/\s[-|–]\s|\s\(/)[0] ?? s;
  let status: VehicleStatus | null = null;
  const lead = /^(new|used|pre-owned|preowned|certified pre-owned|certified|cpo)\s+/i.exec(s);
  if (lead?.[1]) {
    status = lead[1].toLowerCase() === 'new' ? 'new' : 'used';
    s = s.slice(lead[0].length);
  }
  const tokens = s.split(' ').filter(Boolean);
  let year: number | null = null;
  if (tokens[0] && /^(19[89]\d|20\d\d)$/.test(tokens[0])) {
    year = Number(tokens.shift());
  }
  if (tokens.length === 0) return { ...empty, year, status };
  let make: string | null = null;
  const two = tokens.length >= 2 ? `${tokens[0]} ${tokens[1]}`.toLowerCase() : '';
  if (two && MAKE_BY_LOWER.has(two)) {
    make = MAKE_BY_LOWER.get(two) ?? null;
    tokens.splice(0, 2);
  } else if (tokens[0] && MAKE_BY_LOWER.has(tokens[0].toLowerCase())) {
    make = MAKE_BY_LOWER.get(tokens[0].toLowerCase()) ?? null;
    tokens.shift();
  } else if (year !== null && tokens[0]) {
    make = tokens.shift() ?? null; // unknown make after a year: keep the word as written
  } else {
    return { ...empty, year, status };
  }
  let model: string | null = null;
  const twoModel = tokens.length >= 2 ? `${tokens[0]} ${tokens[1]}`.toLowerCase().replace('-', ' ') : '';
  if (twoModel && TWO_WORD_MODELS.has(twoModel)) {
    model = `${tokens[0]} ${tokens[1]}`;
    tokens.splice(0, 2);
  } else if (tokens[0]) {
    model = tokens.shift() ?? null;
  }
  const trim = tokens.length ? tokens.join(' ') : null;
  return { year, make, model, trim, status };
}

const VIN_RE = /\b([A-HJ-NPR-Z0-9]{17})\b/i;
export function findVin(s: string): string | null {
  const m = VIN_RE.exec(s.slice(0, 4000));
  if (!m?.[1]) return null;
  const v = m[1].toUpperCase();
  // a VIN has letters and digits; 17 digits is more likely a phone/ID run
  return /[A-Z]/.test(v) && /\d/.test(v) ? v : null;
}

export function cleanVin(s: string | null): string | null {
  if (!s) return null;
  const v = s.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(v) ? v : null;
}

/** "$19,488", "19488.00", "USD 32,450" -> number; null when there is no clear amount. */
export function parsePrice(s: string | null): number | null {
  if (!s) return null;
  const m = /(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?/.exec(s.slice(0, 100));
  if (!m?.[1]) return null;
  const n = Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
  return Number.isFinite(n) && n > 0 && n < 10_000_000 ? n : null;
}

/** "88,000", "92k miles", "41200 mi" -> number of miles/km; null when not clear. */
export function parseOdometer(s: string | null): number | null {
  if (!s) return null;
  const m = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k\b)?/i.exec(s.slice(0, 100));
  if (!m?.[1]) return null;
  let n = Number(m[1].replace(/,/g, ''));
  if (m[2]) n *= 1000;
  return Number.isFinite(n) && n >= 0 && n < 5_000_000 ? Math.round(n) : null;
}

export function parseYear(s: string | null): number | null {
  if (!s) return null;
  const m = /\b(19[5-9]\d|20\d\d)\b/.exec(s.slice(0, 50));
  return m?.[1] ? Number(m[1]) : null;
}

export function emptyVehicle(): LeadVehicle {
  return { year: null, make: null, model: null, trim: null, vin: null, stock: null, status: null, interest: null, price: null };
}

export function vehicleIsEmpty(v: LeadVehicle): boolean {
  return v.year === null && v.make === null && v.model === null && v.vin === null && v.stock === null && v.trim === null;
}
