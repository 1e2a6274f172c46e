import type { FieldKey } from '../text/label-values';

/**
 * One lead provider. Adding a provider is adding one file with one of these, one line in
 * ./index.ts, and its test emails in ../corpus.
 */
export interface Recognizer {
  /** Canonical provider name shown to reps, e.g. "Cars.com". */
  provider: string;
  format: 'marketplace' | 'website-form';
  /** Domain labels of the sender, e.g. "autotrader" matches leads@autotrader.com and mail.autotrader.example. */
  senderLabels: readonly string[];
  /** Subject pattern (tested against at most 300 characters). */
  subject?: RegExp;
  /** Body pattern (tested against the first 2 KB of the plain-text body). */
  body?: RegExp;
  /** Provider-specific label aliases (normalised label -> field). */
  labels?: Readonly<Record<string, FieldKey>>;
  /** Provider-specific one-line patterns: capture group 1 is the field's value. */
  linePatterns?: ReadonlyArray<readonly [FieldKey, RegExp]>;
}
