import type { DealershipOptions } from './types';
import { LIMITS } from './limits';

export interface ResolvedOptions {
  defaultRegion: string;
  timeZone: string;
  ownDomains: string[];
  maxMessageBytes: number;
}

// Building an Intl.DateTimeFormat costs tens of microseconds: remember the answers.
const tzValidity = new Map<string, boolean>();

function validTimeZone(tz: string): boolean {
  const known = tzValidity.get(tz);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    ok = true;
  } catch {
    ok = false;
  }
  if (tzValidity.size < 1000) tzValidity.set(tz, ok);
  return ok;
}

export function resolveOptions(o: DealershipOptions | undefined): ResolvedOptions {
  const region =
    typeof o?.defaultRegion === 'string' && /^[A-Za-z]{2}$/.test(o.defaultRegion)
      ? o.defaultRegion.toUpperCase()
      : 'US';
  const tz = typeof o?.timeZone === 'string' && validTimeZone(o.timeZone) ? o.timeZone : 'America/Chicago';
  const own = Array.isArray(o?.ownDomains)
    ? o.ownDomains.filter((d): d is string => typeof d === 'string').map((d) => d.toLowerCase())
    : [];
  const max =
    typeof o?.maxMessageBytes === 'number' && o.maxMessageBytes > 0
      ? Math.min(o.maxMessageBytes, LIMITS.maxMessageBytes * 4)
      : LIMITS.maxMessageBytes;
  return { defaultRegion: region, timeZone: tz, ownDomains: own, maxMessageBytes: max };
}
