/** Plain text that is safe to show as text in the app: no controls, no bidi overrides, capped. */
import { LIMITS } from '../limits';

// C0/C1 controls except tab/newline, and bidi embedding/override/isolate characters.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\uFEFF]/g;

const UNSAFE_TEST = new RegExp(UNSAFE.source);

export function safeDisplayText(s: string): { text: string; truncated: boolean } {
  const truncated = s.length > LIMITS.maxDisplayChars;
  const cut = truncated ? s.slice(0, LIMITS.maxDisplayChars) : s;
  let text = cut.includes('\r') ? cut.replace(/\r\n?/g, '\n') : cut;
  UNSAFE_TEST.lastIndex = 0;
  if (UNSAFE_TEST.test(text)) text = text.replace(UNSAFE, '');
  return { text, truncated };
}

/** Normalises a single extracted field value: trims, collapses whitespace, strips controls. */
export function cleanField(s: string | null | undefined, max: number = LIMITS.maxFieldChars): string | null {
  if (typeof s !== 'string') return null;
  const t = s.slice(0, max).replace(UNSAFE, '').replace(/[ \t\u00a0]+/g, ' ').trim();
  return t === '' ? null : t;
}

/** Like cleanField but keeps line breaks (for comments). */
export function cleanMultiline(s: string | null | undefined, max: number = LIMITS.maxFieldChars): string | null {
  if (typeof s !== 'string') return null;
  const t = s
    .slice(0, max)
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE, '')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return t === '' ? null : t;
}
