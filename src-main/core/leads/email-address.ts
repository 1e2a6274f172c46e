/** Email addresses: lower-cased when they look like one address, else null. */
const EMAIL_RE = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}$/;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/;

/** A machine sender nobody reads (noreply@, no-reply@, donotreply@, do-not-reply@, …). */
export function isNoReplyAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const local = address.slice(0, Math.max(0, address.lastIndexOf('@'))).toLowerCase();
  return /^(?:no|do[-_.]?not)[-_.]?reply(?:$|[-_.+])/.test(local);
}

export function normaliseEmailAddress(s: string | null | undefined): string | null {
  if (typeof s !== 'string') return null;
  let t = s.trim();
  if (t.toLowerCase().startsWith('mailto:')) t = t.slice(7);
  const angle = /<([^<>]{3,254})>/.exec(t);
  if (angle?.[1]) t = angle[1];
  t = t.trim();
  return t.length <= 254 && EMAIL_RE.test(t) ? t.toLowerCase() : null;
}

export function findEmailInText(s: string): string | null {
  const m = EMAIL_IN_TEXT.exec(s.slice(0, 1000));
  return m ? normaliseEmailAddress(m[0]) : null;
}
