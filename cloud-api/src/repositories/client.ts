import type pg from 'pg';

/**
 * What a repository function runs its SQL on: the caller's transaction client. Repositories
 * never open transactions or set scopes themselves; which rows a statement sees is decided by
 * the transaction it runs in (withTenantTx / inTenant: one dealership; withUserTx or
 * scopeToUser: a person's own rows; withInviteeTx: invitations to one verified email;
 * withGlobalTx: global tables only), exactly as if the route had sent the statement itself.
 */
export type TxClient = Pick<pg.PoolClient, 'query'>;
