import { createHmac } from 'node:crypto';
import { customerKeysOf } from '../../deletion/customer-keys';
import { prepared, type Db } from '../open-database';

/**
 * Deleted-customer tombstones: a customer deleted on request is remembered here as the cloud's
 * opaque keys (never an email or phone) with the time the deletion was requested, per
 * dealership, with that dealership's key salt so intake can derive the same keys offline.
 */

/** Keeps the dealership's customer key salt (writes nothing when it is unchanged); the tombstones hang off it. */
export function rememberPurgeScope(db: Db, dealershipId: string, customerKeySalt: Buffer, at: number): void {
  prepared(
    db,
    `INSERT INTO purge_scopes (dealership_id, customer_key_salt, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (dealership_id) DO UPDATE SET customer_key_salt = excluded.customer_key_salt, updated_at = excluded.updated_at
       WHERE customer_key_salt IS NOT excluded.customer_key_salt`,
  ).run(dealershipId, customerKeySalt, at);
}

/**
 * One tombstone per key; a later deletion of the same customer moves its time forward, never
 * back. Only keys shaped as the cloud derives them (64 hex digits) are kept: anything else could
 * never match a derived key, and must not put readable text in the table.
 */
export function recordTombstones(db: Db, dealershipId: string, customerKeys: readonly string[], deletedAt: number): void {
  const insert = prepared(
    db,
    `INSERT INTO purge_tombstones (dealership_id, customer_key, deleted_at) VALUES (?, ?, ?)
     ON CONFLICT (dealership_id, customer_key) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)`,
  );
  for (const key of new Set(customerKeys)) {
    if (/^[0-9a-f]{64}$/.test(key)) insert.run(dealershipId, key, deletedAt);
  }
}

/** A Message-ID as compared here: without angle brackets or surrounding space, lower-cased. */
function normalMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '').trim().toLowerCase();
}

/** The keyed hash an erased Message-ID is remembered as (never the id itself). */
function messageKeyOf(salt: Buffer, id: string): string {
  return createHmac('sha256', salt).update(`message-id:${normalMessageId(id)}`, 'utf8').digest('hex');
}

/**
 * Remembers the Message-IDs a deletion erased (its customer's messages and the replies to
 * her), as keyed hashes under the dealership's salt with the deletion time; a later deletion
 * moves the time forward, never back.
 */
export function recordErasedMessages(db: Db, dealershipId: string, customerKeySalt: Buffer, messageIds: Iterable<string>, deletedAt: number): void {
  const insert = prepared(
    db,
    `INSERT INTO purge_message_tombstones (dealership_id, message_key, deleted_at) VALUES (?, ?, ?)
     ON CONFLICT (dealership_id, message_key) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)`,
  );
  const keys = new Set<string>();
  for (const id of messageIds) if (normalMessageId(id)) keys.add(messageKeyOf(customerKeySalt, id));
  for (const key of keys) insert.run(dealershipId, key, deletedAt);
}

/**
 * True when one of the Message-IDs a reply answers was erased by a deletion requested at or
 * after `receivedAt`: the reply was covered by that deletion (whoever sent it) and is withheld.
 */
export function answersErasedMessage(db: Db, answered: readonly string[], receivedAt: number): boolean {
  const ids = answered.map(normalMessageId).filter((id) => id.length > 0);
  if (ids.length === 0) return false;
  const scopes = prepared<[], { dealership_id: string; customer_key_salt: Buffer }>(
    db,
    'SELECT dealership_id, customer_key_salt FROM purge_scopes',
  ).all();
  const erased = prepared<[string, string, number], number>(
    db,
    'SELECT 1 FROM purge_message_tombstones WHERE dealership_id = ? AND message_key = ? AND deleted_at >= ?',
  ).pluck();
  return scopes.some((scope) =>
    ids.some((id) => erased.get(scope.dealership_id, messageKeyOf(scope.customer_key_salt, id), receivedAt) !== undefined));
}

/** Who a message is about, as intake knows them: the lead's customer and/or the sender. */
export interface MessagePeople {
  readonly emails: readonly (string | null | undefined)[];
  readonly phones: readonly (string | null | undefined)[];
}

/**
 * True when any of these people was deleted on request at or after `receivedAt`: the message
 * is older than the deletion (it was covered by it) and must not be stored. A message received
 * after the deletion is the customer writing again and is not withheld. Costs one query when
 * this desktop has applied no deletion; otherwise a few HMACs and primary-key lookups per
 * dealership it has applied deletions for.
 */
export function deletedOnRequest(db: Db, people: MessagePeople, receivedAt: number): boolean {
  const emails = people.emails.filter((e): e is string => !!e);
  const phones = people.phones.filter((p): p is string => !!p);
  if (emails.length === 0 && phones.length === 0) return false;
  const scopes = prepared<[], { dealership_id: string; customer_key_salt: Buffer }>(
    db,
    'SELECT dealership_id, customer_key_salt FROM purge_scopes',
  ).all();
  const tombstoned = prepared<[string, string, number], number>(
    db,
    'SELECT 1 FROM purge_tombstones WHERE dealership_id = ? AND customer_key = ? AND deleted_at >= ?',
  ).pluck();
  for (const scope of scopes) {
    const keys = [
      ...emails.flatMap((email) => customerKeysOf(scope.customer_key_salt, { email })),
      ...phones.flatMap((phone) => customerKeysOf(scope.customer_key_salt, { phone })),
    ];
    if (keys.some((key) => tombstoned.get(scope.dealership_id, key, receivedAt) !== undefined)) return true;
  }
  return false;
}

/** What an intake write returns instead of a stored row: the message is about a customer deleted on request. */
export interface WithheldMessage {
  readonly withheld: 'customer-deleted';
}

export const WITHHELD: WithheldMessage = Object.freeze({ withheld: 'customer-deleted' });

export function isWithheld(value: object | null): value is WithheldMessage {
  return value !== null && 'withheld' in value;
}
