/** Test helpers (imported by *.test.ts only). */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { IntakeResult } from './types';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = join(HERE, 'corpus');
export const REPO_ROOT = join(HERE, '..', '..', '..');
/** ../shared/samples relative to the repo root (absent on a clean CI clone without shared/). */
export const SHARED_SAMPLES = join(REPO_ROOT, '..', 'shared', 'samples');

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.eml')).sort();
}

export function readCorpus(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS_DIR, name)));
}

const FORMATS = ['adf', 'marketplace', 'website-form', 'unknown'];
const REASONS = [null, 'auto-reply', 'newsletter', 'reply-in-thread', 'no-lead-content', 'bounce', 'unparseable'];
const isNullableString = (v: unknown): boolean => v === null || typeof v === 'string';
const isNullableNumber = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

/** Checks the value forms of the contract (../shared/design/lead-format.md). */
export function expectContractShape(r: IntakeResult): void {
  expect(isNullableString(r.messageId)).toBe(true);
  expect(isNullableString(r.inReplyTo)).toBe(true);
  expect(typeof r.isLead).toBe('boolean');
  expect(REASONS).toContain(r.reason);
  expect(r.isLead ? r.reason === null : r.reason !== null).toBe(true);
  expect(FORMATS).toContain(r.source.format);
  expect(isNullableString(r.source.provider)).toBe(true);
  expect(r.source.confidence).toBeGreaterThanOrEqual(0);
  expect(r.source.confidence).toBeLessThanOrEqual(1);
  expect(isNullableString(r.error)).toBe(true);
  expect(Array.isArray(r.leads)).toBe(true);
  if (r.isLead) expect(r.leads.length).toBeGreaterThan(0);
  for (const l of r.leads) {
    expect(isNullableString(l.externalId)).toBe(true);
    if (l.requestedAt !== null) expect(l.requestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const c = l.customer;
    for (const k of ['firstName', 'lastName', 'fullName', 'postalCode'] as const) expect(isNullableString(c[k])).toBe(true);
    if (c.email !== null) expect(c.email).toBe(c.email.toLowerCase());
    if (c.phone !== null) expect(c.phone).toMatch(/^\+[1-9]\d{6,14}$/);
    expect([null, 'phone', 'email', 'text']).toContain(c.preferredContact);
    if (l.vehicle) {
      expect(isNullableNumber(l.vehicle.year)).toBe(true);
      expect(isNullableNumber(l.vehicle.price)).toBe(true);
      expect([null, 'new', 'used']).toContain(l.vehicle.status);
      expect([null, 'buy', 'lease', 'test-drive', 'sell']).toContain(l.vehicle.interest);
      if (l.vehicle.vin !== null) expect(l.vehicle.vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    }
    if (l.tradeIn) {
      expect(isNullableNumber(l.tradeIn.year)).toBe(true);
      expect(isNullableNumber(l.tradeIn.odometer)).toBe(true);
    }
    expect(isNullableString(l.comments)).toBe(true);
    expect(l.untrusted).toBe(l.comments !== null);
  }
}
