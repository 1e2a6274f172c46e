import { createHmac } from 'node:crypto';

/**
 * The cloud knows a customer only as opaque keys: hex HMAC-SHA256 under the dealership's
 * customer key salt of "email:<lower-cased email>" or "phone:<digits>" (North American
 * numbers without the leading 1). The cloud's derivation is cloud-api's deletion/
 * customer-key.ts; purge-sync.test.ts proves both give the same keys. The store derives them
 * here too: to match local leads when a purge is applied, and to check deleted-customer
 * tombstones at intake.
 */
export function customerKeysOf(salt: Buffer, customer: { email?: string; phone?: string }): string[] {
  const keys: string[] = [];
  const email = customer.email?.trim().toLowerCase();
  if (email?.includes('@')) keys.push(hmac(salt, `email:${email}`));
  let digits = customer.phone?.replace(/\D/g, '') ?? '';
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length >= 7 && digits.length <= 15) keys.push(hmac(salt, `phone:${digits}`));
  return keys;
}

function hmac(salt: Buffer, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex');
}
