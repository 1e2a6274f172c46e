import type { TxClient } from './client.js';

/**
 * The global `users` table (one row per person, keyed by verified email) and
 * `user_identities` (which provider's subject is which person). Global tables: no
 * dealership scope; run inside withGlobalTx or withUserTx.
 */

export interface UserWithSession {
  email: string;
  /** The session family is that person's and not revoked. */
  sessionLive: boolean;
}

/** The person an OIDC identity (issuer + subject) signed in as before; undefined the first time. */
export async function findUserIdByIdentity(client: TxClient, issuer: string, subject: string): Promise<string | undefined> {
  const { rows } = await client.query<{ user_id: string }>(
    'select user_id from user_identities where issuer = $1 and subject = $2',
    [issuer, subject],
  );
  return rows[0]?.user_id;
}

/** Creates the person with that id unless someone has that email already (then nothing changes). */
export async function insertUserIfNewEmail(client: TxClient, id: string, email: string): Promise<void> {
  await client.query('insert into users (id, email) values ($1, $2) on conflict (email) do nothing', [id, email]);
}

export async function findUserIdByEmail(client: TxClient, email: string): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>('select id from users where email = $1', [email]);
  return rows[0]?.id;
}

/** Records that this identity is that person (kept as it is if already recorded). */
export async function linkIdentity(client: TxClient, issuer: string, subject: string, userId: string): Promise<void> {
  await client.query(
    `insert into user_identities (issuer, subject, user_id) values ($1, $2, $3)
     on conflict (issuer, subject) do nothing`,
    [issuer, subject, userId],
  );
}

export async function findUserEmail(client: TxClient, userId: string): Promise<string | undefined> {
  const { rows } = await client.query<{ email: string }>('select email from users where id = $1', [userId]);
  return rows[0]?.email;
}

/** The person's email and whether that session of theirs is live, in one statement; undefined: no such person. */
export async function readUserWithSession(
  client: TxClient,
  userId: string,
  sessionId: string,
): Promise<UserWithSession | undefined> {
  const { rows } = await client.query<UserWithSession>(
    `select u.email, exists (select 1 from refresh_token_families f
                              where f.id = $2 and f.user_id = u.id and f.revoked_at is null) as "sessionLive"
     from users u where u.id = $1`,
    [userId, sessionId],
  );
  return rows[0];
}
