import type { WritePath } from '../write-path';
import {
  deleteMailboxAccount,
  insertMailboxAccount,
  listMailboxAccounts,
  setSyncCursor,
  type MailboxAccount,
  type NewMailboxAccount,
  type RemovedAccount,
} from '../writes/accounts';

/** Linked mailboxes and their sync positions (their sealed sign-ins: LocalStore). */
export class MailboxesPart {
  constructor(private readonly w: WritePath) {}

  add(account: NewMailboxAccount, actor: string): MailboxAccount {
    return this.w.run((at) => {
      const added = insertMailboxAccount(this.w.db, account, at);
      this.w.audit({ at, actor, action: 'mailbox.linked', accountId: added.id, detail: { provider: added.provider } });
      return added;
    });
  }

  list(): MailboxAccount[] {
    return listMailboxAccounts(this.w.db);
  }

  setSyncCursor(accountId: string, cursor: string | null): void {
    this.w.run((at) => setSyncCursor(this.w.db, accountId, cursor, at));
  }

  /** Removes the mailbox and everything that came from it (its sealed sign-in included). */
  remove(accountId: string, actor: string): RemovedAccount {
    const removed = this.w.run((at) => {
      const r = deleteMailboxAccount(this.w.db, accountId);
      this.w.audit({ at, actor, action: 'mailbox.removed', accountId, detail: { ...r } });
      return r;
    });
    this.w.checkpoint();
    return removed;
  }
}
