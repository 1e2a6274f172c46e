/**
 * CAN-SPAM hygiene: opt-out wording in a customer's own words (quoted history removed)
 * returns the address to suppress across the dealership. Conservative on purpose:
 * "I'll stop by Saturday" is not an opt-out; "STOP" alone on a line, "unsubscribe",
 * "remove me", "do not contact me" are.
 */
import type { OptOut } from './types';

const PHRASES: RegExp[] = [
  /\bunsubscribe\b/i,
  /\bopt(?:[\s-])?(?:me\s+)?out\b/i,
  /\bremove\s+me\b/i,
  /\btake\s+me\s+off\b/i,
  /\b(?:do\s+not|don'?t|dont|never)\s+(?:contact|email|e-mail|call|text|message)\s+me\b(?!\s+(?:before|after|until|till|at|on|between|during|before|in the|at work|at home|on weekends))/i,
  /\b(?:stop|quit|cease)\s+(?:contacting|emailing|e-mailing|calling|texting|messaging|sending)\b/i,
  /\bno\s+(?:more|further)\s+(?:emails?|calls|texts|messages|contact)\b/i,
  /\bleave\s+me\s+alone\b/i,
];
/** A line that is only an SMS-style keyword. */
const KEYWORD_LINE = /^\s*(stop|stop all|stopall|unsubscribe|end|quit|cancel|remove)\s*[.!]*\s*$/i;
/** STOP in capitals anywhere is a deliberate opt-out; "stop" in lower case is usually not. */
const CAPS_STOP = /(?:^|[^A-Za-z])STOP(?:[^A-Za-z]|$)/;

/** The customer's own new text: stops at quoted history ("On ... wrote:", "> ", Original Message). */
export function ownWords(body: string): string {
  const lines = body.slice(0, 20000).split('\n');
  const out: string[] = [];
  for (const line of lines.slice(0, 400)) {
    const l = line.trim();
    if (l.startsWith('>')) break;
    if (/^On .{0,200}wrote:$/i.test(l)) break;
    if (/^-{2,}\s*(original message|forwarded message)/i.test(l)) break;
    if (/^(from|sent|de|von):\s.{0,200}$/i.test(l) && out.length > 0) break;
    if (/^_{10,}$/.test(l)) break;
    out.push(line);
  }
  return out.join('\n');
}

export function detectOptOut(fromAddress: string | null, subject: string | null, body: string): OptOut | null {
  if (!fromAddress) return null;
  const address = fromAddress.trim().toLowerCase();
  if (!address.includes('@')) return null;
  const own = ownWords(body);
  const subj = (subject ?? '').replace(/^\s*((re|aw|fwd?)\s*:\s*)+/i, '').slice(0, 200);
  if (KEYWORD_LINE.test(subj)) return { address, matched: subj.trim() };
  for (const line of own.split('\n')) {
    if (KEYWORD_LINE.test(line)) return { address, matched: line.trim() };
  }
  const caps = CAPS_STOP.exec(own);
  if (caps) return { address, matched: 'STOP' };
  for (const re of PHRASES) {
    const m = re.exec(own) ?? re.exec(subj);
    if (m) return { address, matched: m[0] };
  }
  return null;
}
