import { describe, expect, it } from 'vitest';
import { confidenceLabel, formatPhone, isFumbleRisk } from './lead';

const now = Date.parse('2026-03-02T12:00:00Z');
const lead = (minutesAgo: number, extra: Partial<{ firstResponseAt: string | null; status: 'new' | 'lost' }> = {}) => ({
  receivedAt: new Date(now - minutesAgo * 60_000).toISOString(),
  firstResponseAt: null,
  status: 'new' as const,
  ...extra,
});

describe('lead formatting', () => {
  it('marks a fumble risk after an hour without a first response, on open leads only', () => {
    expect(isFumbleRisk(lead(59), now)).toBe(false);
    expect(isFumbleRisk(lead(61), now)).toBe(true);
    expect(isFumbleRisk(lead(61, { firstResponseAt: '2026-03-02T11:30:00Z' }), now)).toBe(false);
    expect(isFumbleRisk(lead(61, { status: 'lost' }), now)).toBe(false);
  });

  it('never rounds a low confidence up past the 60% line', () => {
    expect(confidenceLabel(0.599)).toBe('59% sure');
    expect(confidenceLabel(0.95)).toBe('95% sure');
  });

  it('groups US E.164 numbers and leaves anything else alone', () => {
    expect(formatPhone('+17255550198')).toBe('+1 725-555-0198');
    expect(formatPhone('+1 312 555 0142')).toBe('+1 312 555 0142');
    expect(formatPhone('+442071234567')).toBe('+442071234567');
  });
});
