import { createHmac } from 'node:crypto';

/**
 * A customer is known to the cloud only by opaque keys: hex HMAC-SHA256 under the
 * dealership's customer_key_salt of "email:<lower-cased email>" or "phone:<digits>"
 * (North American numbers without the leading 1). Desktops compute the same keys to match
 * purge instructions against their local leads.
 */
export function normalizeEmail(email: string): string | undefined {
  const e = email.trim().toLowerCase();
  return e.includes('@') ? e : undefined;
}

export function normalizePhone(phone: string): string | undefined {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length >= 7 && digits.length <= 15 ? digits : undefined;
}

export function customerKeys(salt: Buffer, customer: { email?: string; phone?: string } | undefined): string[] {
  if (!customer) return [];
  const keys: string[] = [];
  const email = customer.email === undefined ? undefined : normalizeEmail(customer.email);
  const phone = customer.phone === undefined ? undefined : normalizePhone(customer.phone);
  if (email) keys.push(hmac(salt, `email:${email}`));
  if (phone) keys.push(hmac(salt, `phone:${phone}`));
  return keys;
}

function hmac(salt: Buffer, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex');
}
