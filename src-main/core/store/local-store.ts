import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger';
import {
  deleteDataKey,
  deriveSubkey,
  loadDataKey,
  openSealedSecretText,
  sealSecret,
  type DataKey,
  type DataKeyLocation,
  type Keychain,
} from '../secrets/index';
import { StoreCorruptError, StoreRuleError } from './errors';
import { checkInBackground, type BackgroundVerdict, type IntegrityWorkerScript } from './background-check';
import { checkIntegrity } from './integrity';
import { LeadStore, connectionOf, type StorePart } from './lead-store';
import { migrate } from './migrate';
import { isSqliteCode, openDatabase, type Db } from './open-database';
import { SIDE_FILE_SUFFIXES, STORE_FILE_NAME, setAsideDir, storeFile } from './paths';
import { describeRecovery, restoreSalvage, salvage, setAside, type RecoveryReport } from './recovery';
import type { Now } from './time';
import { accountKeySalt, readSealedTokens, writeSealedTokens } from './writes/accounts';
import { deleteSealedSecret, readSealedSecret, sealedSecretSalt, writeSealedSecret } from './writes/sealed-secrets';

export interface LocalStoreOptions {
  /** The profile's data folder (created if missing), e.g. <userData>/profiles/<id>. */
  readonly dataDir: string;
  /** The OS keychain (createOsKeychain()); tests pass the same, with a unique service name. */
  readonly keychain: Keychain;
  /** Keychain service name, e.g. "LeadPulse". */
  readonly keychainService: string;
  /** One data key per install/profile; default "default". */
  readonly profileId?: string;
  readonly log: Logger;
  readonly now?: Now;
  /**
   * When to look for damage: 'at-open' runs quick_check before the store opens (seconds on a
   * large file); with a worker script the store opens at once and the check runs off the
   * main thread, its verdict in LocalStore.integrity. Default 'at-open'.
   */
  readonly integrityCheck?: 'at-open' | { readonly worker: IntegrityWorkerScript };
  /** Told after every committed change, with the part of the store it changed. */
  readonly onChange?: (part: StorePart) => void;
}

/** An open store plus the sealing of mailbox sign-ins under the same data key. */
export interface LocalStore {
  readonly store: LeadStore;
  /** Set when the file was damaged at open and has been rebuilt: show `recovery.message`. */
  readonly recovery: RecoveryReport | null;
  /** The background integrity check's verdict (null when the check ran at open). */
  readonly integrity: Promise<BackgroundVerdict> | null;
  /** Seals a mailbox's token cache (AES-256-GCM, per-account subkey) into the store. */
  saveMailboxTokens(accountId: string, tokens: string): void;
  loadMailboxTokens(accountId: string): string | null;
  /** Seals a named secret of this profile (e.g. "cloud-session") under its own salted subkey. */
  saveSecret(name: string, plaintext: string): void;
  /** The secret's text, or null when none is saved. Throws SealedSecretInvalidError when it cannot be opened. */
  loadSecret(name: string): string | null;
  /** Deletes the secret (with its salt, so any copy of the sealed text can never be opened). */
  deleteSecret(name: string): boolean;
  close(): void;
}

export function keyLocation(options: Pick<LocalStoreOptions, 'keychainService' | 'profileId'>): DataKeyLocation {
  return { service: options.keychainService, account: `data-key:${options.profileId ?? 'default'}` };
}

/**
 * Opens the profile's encrypted store: key from the keychain (created on first run only),
 * integrity check, recovery of a damaged file, migrations. Throws SecretsError/StoreError
 * subclasses whose messages are written for the user.
 */
export async function openLocalStore(options: LocalStoreOptions): Promise<LocalStore> {
  const now = options.now ?? (() => new Date());
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = storeFile(options.dataDir);
  const dataKey = await loadDataKey(options.keychain, keyLocation(options), { createIfMissing: !existsSync(file) });
  const cipherKey = deriveSubkey(dataKey, 'store-cipher');
  try {
    let recovery: RecoveryReport | null = null;
    let db: Db;
    const check = options.integrityCheck ?? 'at-open';
    try {
      db = openChecked(file, cipherKey, options.log, check === 'at-open');
    } catch (error) {
      if (!(error instanceof StoreCorruptError)) throw error;
      options.log.error('store.damaged', { problems: error.problems.length });
      ({ db, recovery } = recover(options.dataDir, file, cipherKey, options.log, now));
    }
    const integrity = check === 'at-open' || recovery !== null ? null : checkInBackground(file, cipherKey, check.worker);
    return wrap(new LeadStore(db, now, options.onChange), dataKey, recovery, integrity, now);
  } catch (error) {
    dataKey.destroy();
    throw error;
  } finally {
    cipherKey.fill(0);
  }
}

function openChecked(file: string, key: Buffer, log: Logger, checkNow: boolean): Db {
  const db = openDatabase(file, key);
  try {
    const integrity = checkNow ? checkIntegrity(db, 'quick') : { ok: true, problems: [] };
    if (!integrity.ok) throw new StoreCorruptError(integrity.problems);
    migrate(db, log);
    return db;
  } catch (error) {
    db.close();
    if (isSqliteCode(error, 'SQLITE_CORRUPT')) throw new StoreCorruptError(['corrupt during open'], error);
    throw error;
  }
}

function recover(dataDir: string, file: string, key: Buffer, log: Logger, now: Now): { db: Db; recovery: RecoveryReport } {
  const saved = salvage(file, key, log);
  const at = now();
  const setAsideAs = setAside(dataDir, file, at.toISOString().replace(/[:.]/g, '-'));
  const db = openDatabase(file, key);
  migrate(db, log);
  restoreSalvage(db, saved, at.getTime());
  const facts = {
    setAsideAs,
    salvagedReplies: saved.replies.length,
    lostReplies: { count: saved.lostReplyIds.length, internetMessageIds: saved.lostReplyIds },
    outboxListReadable: saved.outboxListReadable,
    salvagedAccounts: saved.accounts.length,
  };
  log.warn('store.recovered', { salvagedReplies: facts.salvagedReplies, lostReplies: facts.lostReplies.count, outboxListReadable: facts.outboxListReadable });
  return { db, recovery: { ...facts, message: describeRecovery(facts) } };
}

function wrap(store: LeadStore, dataKey: DataKey, recovery: RecoveryReport | null, integrity: Promise<BackgroundVerdict> | null, now: Now): LocalStore {
  const db = connectionOf(store);
  const scope = (accountId: string) => {
    const keySalt = accountKeySalt(db, accountId);
    if (keySalt === null) throw new StoreRuleError('That mailbox is not linked on this computer.');
    return { label: `mailbox-tokens:${accountId}`, keySalt };
  };
  return {
    store,
    recovery,
    integrity,
    saveMailboxTokens(accountId, tokens) {
      const sealed = sealSecret(dataKey, scope(accountId), tokens);
      db.transaction(() => writeSealedTokens(db, accountId, sealed, now().getTime())).immediate();
    },
    loadMailboxTokens(accountId) {
      const where = scope(accountId);
      const sealed = readSealedTokens(db, accountId);
      return sealed === null ? null : openSealedSecretText(dataKey, where, sealed);
    },
    saveSecret(name, plaintext) {
      db.transaction(() => {
        const keySalt = sealedSecretSalt(db, name);
        const sealed = sealSecret(dataKey, { label: `secret:${name}`, keySalt }, plaintext);
        writeSealedSecret(db, name, keySalt, sealed, now().getTime());
      }).immediate();
    },
    loadSecret(name) {
      const row = readSealedSecret(db, name);
      return row === null ? null : openSealedSecretText(dataKey, { label: `secret:${name}`, keySalt: row.keySalt }, row.sealed);
    },
    deleteSecret(name) {
      return deleteSealedSecret(db, name);
    },
    close() {
      store.close();
      dataKey.destroy();
    },
  };
}

export interface RemovedLocalData {
  /** File names deleted from the data folder (no paths). */
  readonly deletedFiles: string[];
  readonly keychainEntryDeleted: boolean;
}

/**
 * Settings → "Remove all local data": closes the store, deletes the database, its side files
 * and any set-aside copies, then the keychain entry. Files other modules keep there are left.
 */
export async function removeAllLocalData(
  options: Pick<LocalStoreOptions, 'dataDir' | 'keychain' | 'keychainService' | 'profileId' | 'log'>,
  open?: LocalStore,
): Promise<RemovedLocalData> {
  open?.close();
  const deletedFiles: string[] = [];
  const file = storeFile(options.dataDir);
  for (const suffix of SIDE_FILE_SUFFIXES) {
    if (existsSync(file + suffix)) {
      rmSync(file + suffix, { force: true });
      deletedFiles.push(STORE_FILE_NAME + suffix);
    }
  }
  const aside = setAsideDir(options.dataDir);
  if (existsSync(aside)) {
    for (const name of readdirSync(aside)) deletedFiles.push(join('set-aside', name));
    rmSync(aside, { recursive: true, force: true });
  }
  const keychainEntryDeleted = await deleteDataKey(options.keychain, keyLocation(options));
  options.log.info('store.local-data-removed', { files: deletedFiles.length, keychainEntryDeleted });
  return { deletedFiles, keychainEntryDeleted };
}
