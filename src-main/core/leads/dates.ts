/**
 * Lead request dates to ISO 8601 UTC. Accepts ISO forms (with or without offset, "T" or space,
 * compact ADF forms) and US forms ("03/02/2026 2:05 PM", "3/2/26 14:05"). A time without an
 * offset is read in the dealership's time zone. Anything else is null.
 */

const fmtCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

/** Offset of tz from UTC at the instant `utcMs`, in minutes. */
function tzOffsetMinutes(utcMs: number, tz: string): number {
  const parts = formatter(tz).formatToParts(new Date(utcMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((asUtc - utcMs) / 60000);
}

/** Wall-clock time in tz to UTC milliseconds. */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const off1 = tzOffsetMinutes(guess - 0, tz);
  const t1 = guess - off1 * 60000;
  const off2 = tzOffsetMinutes(t1, tz);
  return off1 === off2 ? t1 : guess - off2 * 60000;
}

export function toIsoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCMonth() === mo - 1;
}

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d{1,9})?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;
const US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;

function offsetMinutes(z: string): number {
  if (/^(z|utc|gmt)$/i.test(z)) return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (h * 60 + m);
}

export function parseLeadDate(raw: string | null | undefined, timeZone: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (s.length < 6 || s.length > 64) return null;
  let y: number, mo: number, d: number, h = 0, mi = 0, sec = 0;
  let zone: string | undefined;
  const iso = ISO.exec(s);
  if (iso) {
    y = Number(iso[1]); mo = Number(iso[2]); d = Number(iso[3]);
    h = Number(iso[4] ?? 0); mi = Number(iso[5] ?? 0); sec = Number(iso[6] ?? 0);
    zone = iso[7];
  } else {
    const us = US.exec(s);
    if (!us) return null;
    mo = Number(us[1]); d = Number(us[2]); y = Number(us[3]);
    if (y < 100) y += 2000;
    h = Number(us[4] ?? 0); mi = Number(us[5] ?? 0); sec = Number(us[6] ?? 0);
    const ampm = us[7]?.toLowerCase()[0];
    if (ampm) {
      if (h < 1 || h > 12) return null;
      if (ampm === 'p' && h < 12) h += 12;
      if (ampm === 'a' && h === 12) h = 0;
    }
    zone = us[8];
  }
  if (!valid(y, mo, d, h, mi, sec)) return null;
  if (sec === 60) sec = 59;
  const ms = zone !== undefined
    ? Date.UTC(y, mo - 1, d, h, mi, sec) - offsetMinutes(zone) * 60000
    : zonedToUtc(y, mo, d, h, mi, sec, timeZone);
  return Number.isFinite(ms) ? toIsoUtc(ms) : null;
}
