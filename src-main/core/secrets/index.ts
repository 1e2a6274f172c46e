export type { Keychain } from './keychain';
export { createOsKeychain } from './keychain';
export { DataKey, DATA_KEY_BYTES, loadDataKey, deleteDataKey } from './data-key';
export type { DataKeyLocation, LoadDataKeyOptions } from './data-key';
export { deriveSubkey } from './subkeys';
export type { KeyPurpose } from './subkeys';
export { sealSecret, openSealedSecret, openSealedSecretText, MAX_SEALED_PLAINTEXT_BYTES } from './sealed-box';
export type { SealScope } from './sealed-box';
export {
  SecretsError,
  KeychainUnavailableError,
  DataKeyMissingError,
  DataKeyInvalidError,
  SealedSecretInvalidError,
} from './errors';
export type { SecretsErrorCode } from './errors';
