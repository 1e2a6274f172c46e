/**
 * Every date and time the renderer shows is written here, so the app says them one way:
 * "Dec 4, 2026, 9:12 AM" for a moment, "Dec 4, 2026" for a day, "9:12 AM" for a time of day, and
 * "3 h ago" for how recent (with the exact time as its tooltip). All in the computer's locale and
 * time zone. Views never call toLocale*String or Intl.DateTimeFormat themselves (time.test.ts
 * checks the sources).
 */
export interface DateFormats {
  /** "Dec 4, 2026, 9:12 AM": titles, detail facts, messages. */
  readonly exactTime: (iso: string) => string;
  /** "Dec 4, 2026": a day, such as when someone joined or was invited. */
  readonly calendarDate: (iso: string) => string;
  /** "9:12 AM": a time today, such as when the connection was last checked. */
  readonly clockTime: (iso: string) => string;
  /** "just now", "12 min ago", "3 h ago", "2 days ago"; the exact time beyond a week. */
  readonly relativeTime: (iso: string, now: number) => string;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** The formats for a locale and time zone (the computer's when not given; tests pass both). */
export function createDateFormats(locale?: string, timeZone?: string): DateFormats {
  const style = { dateStyle: 'medium', timeStyle: 'short' } as const;
  const exact = new Intl.DateTimeFormat(locale, { ...style, timeZone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: style.dateStyle, timeZone });
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: style.timeStyle, timeZone });
  const using = (format: Intl.DateTimeFormat) => (iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : format.format(at);
  };
  const exactTime = using(exact);

  return {
    exactTime,
    calendarDate: using(date),
    clockTime: using(clock),
    relativeTime: (iso, now) => {
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
    },
  };
}

export const { exactTime, calendarDate, clockTime, relativeTime } = createDateFormats();

/** Milliseconds since the ISO time, or 0 when it cannot be read. */
export function ageOf(iso: string, now: number): number {
  const at = new Date(iso).getTime();
  return Number.isNaN(at) ? 0 : now - at;
}

export const fumbleAfterMs = hour;
