import { randomBytes } from 'node:crypto';
import type { Mailbox } from './mailbox';
import type { FolderName, StoredMessage } from './message';
import type { ReceivedFilter } from './query';

/**
 * Delta query over one folder, as Graph documents it: a round pages through @odata.nextLink and
 * ends with an @odata.deltaLink; the next round (from that link) returns what changed since,
 * deleted items as @removed. A round covers the changes up to the moment it started: mail that
 * arrives while a client pages comes in the next round. With `replay` on, each page after the
 * first repeats the previous page's last item (Graph warns the same item may come twice).
 */
export interface DeltaState {
  readonly mailbox: string;
  readonly folder: FolderName;
  readonly generation: number;
  /** The initial round lists what is there; later rounds also list removals. */
  readonly initial: boolean;
  /** Changes after this sequence number belong to the round. */
  readonly from: number;
  /** The round covers changes up to here (fixed when the round starts). */
  readonly upTo: number;
  /** Items up to this sequence number were already returned in this round. */
  readonly after: number;
  readonly select: readonly string[] | null;
  readonly filter: ReceivedFilter | null;
}

export interface DeltaItem {
  readonly message: StoredMessage;
  readonly removed: boolean;
}

export interface DeltaPage {
  readonly items: readonly DeltaItem[];
  /** The state for @odata.nextLink, or null when the round ends (then deltaState is set). */
  readonly next: DeltaState | null;
  readonly deltaState: DeltaState | null;
}

export function encodeDeltaState(state: DeltaState): string {
  const json = JSON.stringify({ ...state, salt: randomBytes(6).toString('base64url') });
  return Buffer.from(json).toString('base64url');
}

export function decodeDeltaState(token: string): DeltaState | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    return typeof value.mailbox === 'string' && Number.isInteger(value.from) && Number.isInteger(value.upTo) ? value : null;
  } catch {
    return null;
  }
}

export function startRound(mailbox: Mailbox, folder: FolderName, options: Pick<DeltaState, 'select' | 'filter'>): DeltaState {
  return { mailbox: mailbox.userId, folder, generation: mailbox.deltaGeneration, initial: true, from: 0, upTo: mailbox.seq, after: 0, ...options };
}

/** A round from a deltaLink: the changes since the previous round, up to now. */
export function nextRound(mailbox: Mailbox, deltaLinkState: DeltaState): DeltaState {
  return { ...deltaLinkState, initial: false, upTo: mailbox.seq, after: deltaLinkState.from };
}

export function deltaPage(mailbox: Mailbox, state: DeltaState, pageSize: number, replay: boolean, matches: (m: StoredMessage) => boolean): DeltaPage {
  const inRound = (m: StoredMessage) => m.folder === state.folder && m.seq <= state.upTo && matches(m) && (!state.initial || !m.deleted);
  const remaining = mailbox.all().filter((m) => m.seq > state.after && inRound(m));
  const page = remaining.slice(0, pageSize);
  const items: DeltaItem[] = page.map((message) => ({ message, removed: message.deleted }));
  if (replay && state.after > state.from) {
    const previous = mailbox.all().find((m) => m.seq === state.after && inRound(m));
    if (previous) items.unshift({ message: previous, removed: previous.deleted });
  }
  if (remaining.length > page.length) {
    return { items, next: { ...state, after: page[page.length - 1]!.seq }, deltaState: null };
  }
  return { items, next: null, deltaState: { ...state, initial: false, from: state.upTo, after: state.upTo } };
}
