import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOsKeychain } from './keychain';
import { DataKey, loadDataKey, deleteDataKey } from './data-key';
import { sealSecret, openSealedSecretText } from './sealed-box';
import { deriveSubkey } from './subkeys';
import { DataKeyInvalidError, DataKeyMissingError, SealedSecretInvalidError } from './errors';

const keychain = createOsKeychain();
const service = `LeadPulse-test-secrets-${randomUUID()}`;
const where = { service, account: 'data-key:default' };
afterAll(async () => {
  for (const account of await keychain.accounts(service)) await keychain.delete(service, account);
});

describe('data key in the OS keychain (real Secret Service)', () => {
  it('creates one random 256-bit key on first run, returns the same key afterwards, and stores nothing else', async () => {
    await expect(loadDataKey(keychain, where, { createIfMissing: false })).rejects.toThrow(DataKeyMissingError);
    const first = await loadDataKey(keychain, where, { createIfMissing: true });
    const again = await loadDataKey(keychain, where, { createIfMissing: true });
    expect(again.material().equals(first.material())).toBe(true);
    expect(first.material()).toHaveLength(32);
    expect(await keychain.accounts(service)).toEqual(['data-key:default']);
    const entry = (await keychain.get(service, where.account)) ?? '';
    expect(entry.length).toBeLessThan(100); // far under Windows' 2,560-byte cap
    const other = await loadDataKey(keychain, { service, account: 'data-key:other' }, { createIfMissing: true });
    expect(other.material().equals(first.material())).toBe(false);
    expect(await deleteDataKey(keychain, { service, account: 'data-key:other' })).toBe(true);
    // The key never shows up in logs or JSON by accident.
    expect(JSON.stringify({ first })).toBe('{"first":"[DataKey]"}');
  });

  it('reports a damaged keychain entry instead of using it', async () => {
    const bad = { service, account: 'data-key:damaged' };
    await keychain.set(bad.service, bad.account, 'lp-dk1:c2hvcnQ=');
    await expect(loadDataKey(keychain, bad, { createIfMissing: true })).rejects.toThrow(DataKeyInvalidError);
    await keychain.delete(bad.service, bad.account);
  });

  it('says clearly that no keychain is reachable, with no plaintext fallback', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/leadpulse-bus', LP_KEYCHAIN_SERVICE: `${service}-unreachable` };
    delete env.DISPLAY;
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing', 'keychain-probe.ts')], { env, encoding: 'utf8' });
    const result = JSON.parse(out) as { name: string; code?: string; message: string };
    expect(result).toMatchObject({ name: 'KeychainUnavailableError', code: 'keychain-unavailable' });
    expect(result.message).toMatch(/cannot reach this computer's secure keychain.*reopen LeadPulse/s);
  }, 20_000);
});

describe('sealed secrets (AES-256-GCM under HKDF subkeys)', () => {
  const key = new DataKey(randomBytes(32));
  const scope = { label: 'mailbox-tokens:acc-1', keySalt: randomBytes(32) };

  it('round-trips and never contains the plaintext', () => {
    const sealed = sealSecret(key, scope, 'refresh-token-ABC123');
    expect(sealed).not.toContain('refresh-token');
    expect(Buffer.from(sealed.split('.')[2] ?? '', 'base64url').toString('latin1')).not.toContain('ABC123');
    expect(openSealedSecretText(key, scope, sealed)).toBe('refresh-token-ABC123');
    expect(sealSecret(key, scope, 'same')).not.toBe(sealSecret(key, scope, 'same')); // fresh IV each time
  });

  it('fails closed on tampering, another label, another salt or another data key', () => {
    const sealed = sealSecret(key, scope, 'token');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], body.toString('base64url'), parts[3]].join('.');
    expect(() => openSealedSecretText(key, scope, tampered)).toThrow(SealedSecretInvalidError);
    expect(() => openSealedSecretText(key, { ...scope, label: 'mailbox-tokens:acc-2' }, sealed)).toThrow(SealedSecretInvalidError);
    expect(() => openSealedSecretText(key, { ...scope, keySalt: randomBytes(32) }, sealed)).toThrow(SealedSecretInvalidError);
    expect(() => openSealedSecretText(new DataKey(randomBytes(32)), scope, sealed)).toThrow(SealedSecretInvalidError);
    expect(() => openSealedSecretText(key, scope, 'garbage')).toThrow(SealedSecretInvalidError);
  });

  it('derives independent subkeys per purpose and context', () => {
    const store = deriveSubkey(key, 'store-cipher');
    expect(store).toHaveLength(32);
    expect(store.equals(deriveSubkey(key, 'sealed-secret'))).toBe(false);
    expect(store.equals(key.material())).toBe(false);
    expect(deriveSubkey(key, 'sealed-secret', Buffer.from('a')).equals(deriveSubkey(key, 'sealed-secret', Buffer.from('b')))).toBe(false);
    expect(deriveSubkey(key, 'store-cipher').equals(store)).toBe(true);
  });
});
