import { describe, expect, it } from 'vitest';
import { createDateFormats, relativeTime } from './time';

const now = Date.parse('2026-03-02T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
// ICU puts a narrow no-break space before AM/PM; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('relativeTime', () => {
  it('reads like a rep would say it', () => {
    expect(relativeTime(ago(20_000), now)).toBe('just now');
    expect(relativeTime(ago(12 * 60_000), now)).toBe('12 min ago');
    expect(relativeTime(ago(3 * 3_600_000 + 5), now)).toBe('3 h ago');
    expect(relativeTime(ago(30 * 3_600_000), now)).toBe('yesterday');
    expect(relativeTime(ago(3 * 86_400_000), now)).toBe('3 days ago');
  });

  it('shows an unreadable time as given instead of NaN', () => {
    expect(relativeTime('not a time', now)).toBe('not a time');
  });
});

describe('the one date format of the app', () => {
  const us = createDateFormats('en-US', 'America/Los_Angeles');
  const at = '2026-12-04T18:39:05Z';

  it('says a moment, a day and a time of day the same way everywhere', () => {
    expect(plain(us.exactTime(at))).toBe('Dec 4, 2026, 10:39 AM');
    expect(plain(us.calendarDate(at))).toBe('Dec 4, 2026');
    expect(plain(us.clockTime(at))).toBe('10:39 AM');
    // The day and the time are the two halves of the exact time, never another style.
    expect(us.exactTime(at)).toContain(us.calendarDate(at));
    expect(us.exactTime(at)).toContain(us.clockTime(at));
  });

  it('beyond a week, a relative time is the exact time', () => {
    const week = Date.parse(at) + 8 * 86_400_000;
    expect(us.relativeTime(at, week)).toBe(us.exactTime(at));
  });

  it('follows the computer\'s locale and time zone, in the same style', () => {
    const uk = createDateFormats('en-GB', 'Europe/London');
    expect(plain(uk.calendarDate(at))).toBe('4 Dec 2026');
    expect(plain(uk.clockTime(at))).toBe('18:39');
  });

  it('shows an unreadable date as given', () => {
    expect(us.exactTime('soon')).toBe('soon');
    expect(us.calendarDate('soon')).toBe('soon');
    expect(us.clockTime('soon')).toBe('soon');
  });
});

// The renderer has no Node types, so node:fs is reached through an untyped specifier.
const fsModule: string = 'node:fs';
const fs = (await import(/* @vite-ignore */ fsModule)) as {
  readdirSync: (path: URL, options: { recursive: true }) => string[];
  readFileSync: (path: URL, encoding: 'utf8') => string;
};

describe('views format dates only through src/format/time.ts', () => {
  const src = new URL('../', import.meta.url);
  const sources = fs
    .readdirSync(src, { recursive: true })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith('format/'));

  it('no view calls toLocale*String, Intl.DateTimeFormat or date getters itself', () => {
    expect(sources.length).toBeGreaterThan(20);
    const adHoc = /toLocale(?:Date|Time)?String\(|Intl\.(?:DateTimeFormat|RelativeTimeFormat)|\.get(?:UTC)?(?:FullYear|Month|Date|Day|Hours|Minutes)\(/;
    const offenders = sources.filter((file) => adHoc.test(fs.readFileSync(new URL(file, src), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
