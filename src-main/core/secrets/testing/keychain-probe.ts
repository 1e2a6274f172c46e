// Run by secrets.test.ts with no reachable Secret Service: reports how loading the key failed.
import { createOsKeychain } from '../keychain';
import { loadDataKey } from '../data-key';
import { SecretsError } from '../errors';

try {
  await loadDataKey(createOsKeychain(), { service: process.env.LP_KEYCHAIN_SERVICE ?? 'LeadPulse-probe', account: 'data-key:default' }, { createIfMissing: true });
  process.stdout.write(JSON.stringify({ loaded: true }));
} catch (error) {
  process.stdout.write(
    JSON.stringify(error instanceof SecretsError ? { name: error.name, code: error.code, message: error.message } : { name: 'other', message: String(error) }),
  );
}
