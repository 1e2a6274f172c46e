/**
 * Customer-written text is data, never instructions. We keep it verbatim and mark it
 * untrusted; wording that tries to steer an AI is flagged too, so the drafting step can
 * quote it safely and a rep sees the warning.
 */
const INJECTION_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|above|earlier|all|any|your)\b.{0,40}\b(instructions?|prompts?|rules|directions|guidelines)\b/i,
  /\b(system|developer)\s*(prompt|message|instructions?)\b/i,
  /\byou\s+are\s+(now\s+)?(an?\s+)?(ai|assistant|chatgpt|gpt|language model|llm|bot)\b/i,
  /\bas\s+an?\s+(ai|assistant|language model)\b/i,
  /<\|?(im_start|im_end|system|endoftext)\|?>/i,
  /\[\/?(INST|SYS)\]/,
  /^\s*(system|assistant)\s*:/im,
  /\b(reveal|print|show|repeat)\b.{0,30}\b(prompt|instructions|api key|password|secret)\b/i,
  /\b(respond|reply|answer|write)\b.{0,30}\bonly\b.{0,30}\b(yes|with)\b.{0,60}\b(agree|legally binding|no takesies)\b/i,
  /\blegally binding\b/i,
];

export interface UntrustedMark {
  untrusted: boolean;
  injectionSuspected: boolean;
}

export function looksLikeInjection(s: string): boolean {
  const t = s.length > 8000 ? s.slice(0, 8000) : s;
  return INJECTION_PATTERNS.some((re) => re.test(t));
}

export function markUntrusted(comments: string | null): UntrustedMark {
  if (comments === null) return { untrusted: false, injectionSuspected: false };
  return { untrusted: true, injectionSuspected: looksLikeInjection(comments) };
}
