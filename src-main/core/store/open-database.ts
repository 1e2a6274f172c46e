// The only place that constructs a database handle: cipher, key and connection settings are
// applied here, in this order, every time.
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreCorruptError, StoreKeyError } from './errors';

export type Db = Database.Database;

/**
 * A raw 32-byte SQLCipher key, or the explicit benchmark-only marker. There is no way to open
 * the app's store without encryption; the marker exists so the benchmark can measure overhead.
 */
export type StoreCipherKey = Buffer | 'unencrypted-benchmark-only';

export interface OpenDatabaseOptions {
  readonly readonly?: boolean;
  /** Skip WAL/synchronous settings (used by read-only salvage of a damaged file). */
  readonly minimalSetup?: boolean;
}

export function openDatabase(file: string, key: StoreCipherKey, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    if (key !== 'unencrypted-benchmark-only') applyKey(db, key);
    // Reading the schema is the first access that decrypts a page: a wrong key fails here.
    verifyReadable(db);
    if (!options.minimalSetup) configure(db, options.readonly ?? false);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function applyKey(db: Db, key: Buffer): void {
  if (key.length !== 32) throw new RangeError('The store key must be 32 bytes.');
  // SQLCipher v4 page format (AES-256-CBC + HMAC-SHA512 per page); a raw key skips PBKDF2.
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  const hex = key.toString('hex');
  db.pragma(`key = "x'${hex}'"`);
}

function verifyReadable(db: Db): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch (error) {
    if (isSqliteCode(error, 'SQLITE_NOTADB')) throw new StoreKeyError(error);
    if (isSqliteCode(error, 'SQLITE_CORRUPT')) throw new StoreCorruptError(['schema unreadable'], error);
    throw error;
  }
}

function configure(db: Db, readonly: boolean): void {
  // Sorts and temp indexes stay in memory: temp files would sit outside the encrypted file.
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (readonly) return;
  db.pragma('journal_mode = WAL');
  // FULL: a commit we acknowledged survives power loss too, not just a crashed process.
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
}

export function isSqliteCode(error: unknown, prefix: string): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return typeof code === 'string' && code.startsWith(prefix);
}

const statementCache = new WeakMap<Db, Map<string, unknown>>();

/** Prepared once per connection: write paths run thousands of times during a sync. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function prepared<P extends unknown[] | {} = unknown[], R = unknown>(db: Db, source: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(source) as Database.Statement<P, R> | undefined;
  if (!statement) {
    statement = db.prepare<P, R>(source);
    cache.set(source, statement);
  }
  return statement;
}
