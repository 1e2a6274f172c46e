/**
 * Node 20's TextDecoder decodes "windows-1252" (and "iso-8859-1", which WHATWG maps to it)
 * as plain Latin-1, leaving bytes 0x80-0x9F as C1 control characters. Mail clients mean
 * Windows-1252 there (smart quotes, euro sign, dashes), so we map C1 characters back.
 * C1 controls never carry meaning in email text, so the repair is safe for any charset.
 */
const C1_TO_CP1252: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
  0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};
const C1 = /[\u0080-\u009f]/g;

export function repairC1(s: string): string {
  C1.lastIndex = 0;
  if (!C1.test(s)) return s;
  C1.lastIndex = 0;
  return s.replace(C1, (c) => C1_TO_CP1252[c.charCodeAt(0)] ?? '');
}
