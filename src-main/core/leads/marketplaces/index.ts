/**
 * The recognizer table: one entry per provider. Matching scores sender, subject and body;
 * the best score above the floor wins and becomes the source confidence.
 */
import type { Recognizer } from './types';
import { autotrader } from './autotrader';
import { carsCom } from './cars-com';
import { cargurus } from './cargurus';
import { truecar } from './truecar';
import { edmunds } from './edmunds';
import { facebookMarketplace } from './facebook';
import { websiteForm } from './website-form';

export type { Recognizer } from './types';

export const RECOGNIZERS: readonly Recognizer[] = [
  autotrader,
  carsCom,
  cargurus,
  truecar,
  edmunds,
  facebookMarketplace,
  websiteForm,
];

export interface RecognizerInput {
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  /** The plain-text body (only its first 2 KB is looked at: providers name themselves at the top). */
  body: string;
  /** True when the sender's domain belongs to the dealership. */
  senderIsOwnDomain: boolean;
}

export interface RecognizerMatch {
  recognizer: Recognizer;
  confidence: number;
  senderMatched: boolean;
}

function domainLabels(address: string | null): string[] {
  if (!address) return [];
  const at = address.lastIndexOf('@');
  return at === -1 ? [] : address.slice(at + 1).toLowerCase().split('.');
}

/**
 * True when the sender is a marketplace's own address (its relay or notification system, e.g.
 * relay@messages.cars.com): by the same sender labels the recognizers match on.
 */
export function isMarketplaceSender(address: string | null, table: readonly Recognizer[] = RECOGNIZERS): boolean {
  const labels = domainLabels(address);
  return table.some((r) => r.format === 'marketplace' && r.senderLabels.some((l) => labels.includes(l)));
}

export function matchRecognizer(input: RecognizerInput, table: readonly Recognizer[] = RECOGNIZERS): RecognizerMatch | null {
  const labels = domainLabels(input.fromAddress);
  const subject = (input.subject ?? '').slice(0, 300);
  const body = input.body.slice(0, 2048);
  const fromName = (input.fromName ?? '').slice(0, 200);
  let best: RecognizerMatch | null = null;
  for (const r of table) {
    const senderMatched =
      r.senderLabels.some((l) => labels.includes(l)) || (r.format === 'website-form' && input.senderIsOwnDomain);
    const subjectMatched = r.subject ? r.subject.test(subject) || r.subject.test(fromName) : false;
    const bodyMatched = r.body ? r.body.test(body) : false;
    let score = (senderMatched ? 0.6 : 0) + (subjectMatched ? 0.2 : 0) + (bodyMatched ? 0.15 : 0);
    // marketplaces are named by sender; a body/subject mention alone is weak evidence
    if (r.format === 'marketplace' && !senderMatched) score *= 0.6;
    if (r.format === 'website-form' && !senderMatched) score *= 0.8;
    const confidence = Math.min(0.95, Math.round((0.05 + score) * 100) / 100);
    if (score >= 0.2 && (!best || confidence > best.confidence)) best = { recognizer: r, confidence, senderMatched };
  }
  return best;
}
