import type { IdentityPlatform } from './identity';
import type { Limits } from './limits';
import { Mailbox, uuidFrom, type MailboxInfo } from './mailbox';
import type { FolderName } from './message';

/** Everything the simulated tenant holds: mailboxes, identity, limits, the request log. */
export interface LogEntry {
  readonly time: string;
  readonly method: string;
  /** Path only: no query string (delta and skip tokens stay out), no bodies. */
  readonly path: string;
  readonly mailbox: string | null;
  readonly status: number;
  readonly kind: 'identity' | 'graph' | 'other';
}

export class TenantState {
  readonly mailboxes = new Map<string, Mailbox>();
  readonly log: LogEntry[] = [];
  replayAcrossPages = false;
  sendDelayMs = 0;
  /** Whether sendMail keeps a client-set internetMessageId (unconfirmed at Microsoft: off by default). */
  keepClientInternetMessageId = false;
  defaultPageSize = 10;

  constructor(readonly identity: IdentityPlatform, readonly limits: Limits) {}

  createMailbox(address: string, displayName: string): Mailbox {
    if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw new Error('a mailbox needs an email address');
    const key = address.toLowerCase();
    const existing = this.mailboxes.get(key);
    if (existing) return existing;
    const mailbox = new Mailbox(address, displayName);
    this.mailboxes.set(key, mailbox);
    return mailbox;
  }

  mailbox(address: string): Mailbox {
    const found = this.mailboxes.get(address.toLowerCase());
    if (!found) throw new Error(`no simulated mailbox ${address}`);
    return found;
  }

  byUserId(userId: string): Mailbox | undefined {
    return [...this.mailboxes.values()].find((m) => m.userId === userId);
  }

  infos(): MailboxInfo[] {
    return [...this.mailboxes.values()].map((m) => ({ address: m.address, displayName: m.displayName, userId: m.userId }));
  }
}

export function folderId(mailbox: MailboxInfo, folder: FolderName): string {
  return `AAMkAD${Buffer.from(uuidFrom(`${mailbox.userId}:${folder}`)).toString('base64url')}AAA=`;
}

/** Well-known names (any case) and the folder ids this simulator hands out. */
export function folderFromSegment(mailbox: MailboxInfo, segment: string): FolderName | null {
  const s = decodeURIComponent(segment).replace(/^\('?|'?\)$/g, '');
  for (const folder of ['inbox', 'sentitems'] as const) if (s.toLowerCase() === folder || s === folderId(mailbox, folder)) return folder;
  return null;
}
