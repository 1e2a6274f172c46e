const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "Mar 4, 2025, 9:12 AM" — the exact local time, for titles and detail facts. */
export function exactTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : exactFormat.format(at);
}

/** "just now", "12 min ago", "3 h ago", "2 days ago"; a date beyond a week. */
export function relativeTime(iso: string, now: number): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const age = now - at;
  if (age < minute) return 'just now';
  if (age < hour) return `${Math.floor(age / minute)} min ago`;
  if (age < day) return `${Math.floor(age / hour)} h ago`;
  if (age < 7 * day) {
    const days = Math.floor(age / day);
    return days === 1 ? 'yesterday' : `${days} days ago`;
  }
  return exactTime(iso);
}

/** Milliseconds since the ISO time, or 0 when it cannot be read. */
export function ageOf(iso: string, now: number): number {
  const at = new Date(iso).getTime();
  return Number.isNaN(at) ? 0 : now - at;
}

export const fumbleAfterMs = hour;
