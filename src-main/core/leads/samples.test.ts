/** The shared sample emails: the copies in ./corpus always, ../shared/samples when present. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLeadEmail } from './parse-lead-email';
import { SHARED_SAMPLES, expectContractShape, readCorpus } from './test-helpers';
import type { IntakeResult } from './types';

const OPTS = { defaultRegion: 'US', timeZone: 'America/Chicago' };

function checkSample(name: string, r: IntakeResult): void {
  expectContractShape(r);
  expect(r.error).toBeNull();
  switch (name) {
    case 'adf-inline.eml': {
      expect(r).toMatchObject({ isLead: true, reason: null, messageId: '<adf-20260302-140511-8841@dealerwebsites.example>', source: { format: 'adf' } });
      expect(r.leads).toHaveLength(1);
      expect(r.leads[0]).toEqual({
        externalId: 'DW-884120',
        requestedAt: '2026-03-02T14:05:00Z',
        customer: { firstName: 'Maria', lastName: 'Lopez', fullName: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '+15125550142', postalCode: '78701', preferredContact: null },
        vehicle: { year: 2024, make: 'Honda', model: 'Accord', trim: 'EX-L', vin: '1HGCY1F38RA000001', stock: 'H2417', status: 'new', interest: 'buy', price: 32450 },
        tradeIn: null,
        comments: 'Is this still available? I can come by Saturday morning.',
        untrusted: true,
        injectionSuspected: false,
      });
      expect(r.display.rawAdf).toContain('<prospect status="new">');
      break;
    }
    case 'adf-attachment.eml': {
      expect(r).toMatchObject({ isLead: true, source: { format: 'adf', provider: 'Cars.com' } });
      expect(r.leads[0]).toMatchObject({
        externalId: 'CC-990014',
        requestedAt: '2026-03-02T11:29:30Z',
        customer: { firstName: 'Jordan', lastName: 'Kim', fullName: 'Jordan Kim', email: 'jkim@example.org', phone: '+17255550198', postalCode: null },
        vehicle: { year: 2021, make: 'Toyota', model: 'RAV4', trim: 'XLE', vin: null, stock: 'U5512', status: 'used', interest: 'buy', price: 27995 },
        comments: 'What is your best out-the-door price?',
      });
      expect(r.display.attachments[0]?.filename).toBe('lead.xml');
      break;
    }
    case 'auto-reply.eml':
      expect(r).toMatchObject({ isLead: false, reason: 'auto-reply', inReplyTo: '<lp-reply-0001@sunsethonda.example>', leads: [] });
      break;
    case 'customer-reply.eml':
      expect(r).toMatchObject({ isLead: false, reason: 'reply-in-thread', optOut: null });
      expect(r.thread.references).toEqual(['<adf-20260302-140511-8841@dealerwebsites.example>', '<lp-reply-0001@sunsethonda.example>']);
      break;
    case 'marketplace-html.eml':
      expect(r).toMatchObject({ isLead: true, source: { format: 'marketplace', provider: 'Autotrader' } });
      expect(r.source.confidence).toBeGreaterThanOrEqual(0.8);
      expect(r.leads[0]).toMatchObject({
        externalId: 'AT-3381902',
        requestedAt: null,
        customer: { fullName: 'Sam Patel', firstName: 'Sam', lastName: 'Patel', email: 'sam.patel@example.com', phone: '+17375550110' },
        vehicle: { year: 2020, make: 'Honda', model: 'Civic', trim: 'Sport', vin: '2HGFC2F84LH000123', stock: 'U4410', price: 19488, status: null },
        comments: 'Does it have a clean title? Any accidents?',
      });
      break;
    case 'website-form.eml':
      expect(r).toMatchObject({ isLead: true, source: { format: 'website-form' } });
      expect(r.leads[0]).toMatchObject({
        customer: { firstName: 'Dana', lastName: 'Whitfield', email: 'dana.whitfield@example.net', phone: '+15125550177', preferredContact: 'text' },
        vehicle: { year: 2025, make: 'Honda', model: 'CR-V', vin: '7FARS6H55SE000042', stock: 'H2561', interest: 'test-drive' },
        tradeIn: { year: 2017, make: 'Ford', model: 'Escape', odometer: 92000 },
      });
      expect(r.leads[0]?.comments).toContain('Meteorite Gray? My trade is a 2017 Ford Escape');
      break;
    default:
      throw new Error(`no expectation for sample ${name}`);
  }
}

const SAMPLE_NAMES = ['adf-attachment.eml', 'adf-inline.eml', 'auto-reply.eml', 'customer-reply.eml', 'marketplace-html.eml', 'website-form.eml'];

describe('shared samples (copies in corpus/)', () => {
  for (const name of SAMPLE_NAMES) {
    it(name, async () => {
      checkSample(name, await parseLeadEmail(readCorpus(`sample-${name}`), OPTS));
    });
  }
});

// The team's shared folder sits beside the repository on development machines, not in a clone:
// where it is, the copies in corpus/ must be current; where it is not, corpus/ above is the test.
if (existsSync(SHARED_SAMPLES)) describe('../shared/samples (beside the repository)', () => {
  it('has no sample without an expectation, and copies are current', () => {
    const names = readdirSync(SHARED_SAMPLES).filter((f) => f.endsWith('.eml')).sort();
    expect(names.every((n) => SAMPLE_NAMES.includes(n))).toBe(true);
  });
  for (const name of SAMPLE_NAMES) {
    it(name, async () => {
      const path = join(SHARED_SAMPLES, name);
      if (!existsSync(path)) return;
      checkSample(name, await parseLeadEmail(new Uint8Array(readFileSync(path)), OPTS));
    });
  }
});
