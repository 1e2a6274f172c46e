import { describe, expect, it } from 'vitest';
import { relativeTime } from './time';

const now = Date.parse('2026-03-02T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

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
