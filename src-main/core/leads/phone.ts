/** Phone numbers to E.164 with libphonenumber-js; extensions dropped; unknown stays null. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';

export function toE164(raw: string | null | undefined, region: string): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.slice(0, 64).trim();
  if (!/\d/.test(s)) return null;
  try {
    const p = parsePhoneNumberFromString(s, region as CountryCode);
    if (!p || !p.isValid()) return null;
    return p.number;
  } catch {
    return null;
  }
}
