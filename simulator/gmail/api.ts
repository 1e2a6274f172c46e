import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { gmailErrors, type GoogleError } from './errors';
import { bearerToken, readJson, sendJson } from './http';
import type { GmailMethod } from './limits';
import { HistoryExpiredError, type Mailbox, type StoredMessage } from './mailbox';
import { headerValue, parsePart, snippetOf, splitMessage } from './mime';
import { parseQuery, QueryError } from './query';
import type { LoggedRequest } from './request-log';
import type { GmailState, MailboxEntry } from './state';

/**
 * The Gmail REST v1 subset under /gmail/v1/users/{me|address}/: getProfile, labels.list/get,
 * messages.list/get/send, history.list. Every call is authenticated, scope-checked, counted
 * against the user's quota units and concurrency, and may be throttled or failed on request.
 */
export const gmailApiPrefix = '/gmail/v1/users/';

const readScopes = ['gmail.readonly', 'gmail.modify', 'gmail.metadata', 'mail.google.com'];
const sendScopes = ['gmail.send', 'gmail.compose', 'gmail.modify', 'mail.google.com'];

interface Route {
  readonly method: GmailMethod;
  readonly scopes: readonly string[];
  readonly run: (entry: MailboxEntry, url: URL, req: IncomingMessage) => unknown;
}

class ApiError extends Error {
  constructor(readonly error: GoogleError) {
    super(error.status.toString());
  }
}

export function createGmailApi(state: GmailState) {
  const route = (httpMethod: string, rest: string): Route | null => {
    const [resource, id, extra] = rest.split('/');
    if (httpMethod === 'GET' && resource === 'profile' && id === undefined) return { method: 'users.getProfile', scopes: readScopes, run: profile };
    if (httpMethod === 'GET' && resource === 'labels' && id === undefined) return { method: 'users.labels.list', scopes: readScopes, run: ({ mailbox }) => ({ labels: systemLabels.map((l) => label(l, mailbox, false)) }) };
    if (httpMethod === 'GET' && resource === 'labels' && id !== undefined && extra === undefined) return { method: 'users.labels.get', scopes: readScopes, run: ({ mailbox }) => labelGet(mailbox, id) };
    if (httpMethod === 'GET' && resource === 'messages' && id === undefined) return { method: 'users.messages.list', scopes: readScopes, run: ({ mailbox }, url) => list(mailbox, url) };
    if (httpMethod === 'POST' && resource === 'messages' && id === 'send' && extra === undefined) return { method: 'users.messages.send', scopes: sendScopes, run: (entry, _url, req) => send(entry, req) };
    if (httpMethod === 'GET' && resource === 'messages' && id !== undefined && extra === undefined) return { method: 'users.messages.get', scopes: readScopes, run: ({ mailbox }, url) => get(mailbox, id, url) };
    if (httpMethod === 'GET' && resource === 'history' && id === undefined) return { method: 'users.history.list', scopes: readScopes, run: ({ mailbox }, url) => history(mailbox, url) };
    return null;
  };

  const send = async ({ mailbox }: MailboxEntry, req: IncomingMessage) => {
    const body = await readJson(req);
    if (typeof body.raw !== 'string' || body.raw === '') throw new ApiError(gmailErrors.invalidArgument("'raw' RFC822 payload message string or uploading message via /upload/* URL required"));
    let raw: Buffer = Buffer.from(body.raw, 'base64');
    const { headers } = splitMessage(raw);
    if (!['To', 'Cc', 'Bcc'].some((h) => headerValue(headers, h))) throw new ApiError(gmailErrors.invalidArgument('Recipient address required'));
    const set: Record<string, string> = {};
    if (!headerValue(headers, 'Message-ID') || state.settings.replaceMessageId) set['Message-ID'] = `<CA+sim${randomBytes(12).toString('hex')}@mail.gmail.com>`;
    if (!headerValue(headers, 'Date')) set.Date = new Date(state.now()).toUTCString().replace('GMT', '+0000');
    if (!headerValue(headers, 'From')) set.From = mailbox.email;
    raw = withHeaders(raw, set);
    const threadId = typeof body.threadId === 'string' ? body.threadId : null;
    if (threadId !== null && !mailbox.hasThread(threadId)) throw new ApiError(gmailErrors.notFound());
    const message = mailbox.add(raw, 'SENT', { internalDate: state.now(), threadId });
    return { id: message.id, threadId: message.threadId, labelIds: message.labelIds };
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, log: LoggedRequest): Promise<void> {
      const [userId = '', ...rest] = url.pathname.slice(gmailApiPrefix.length).split('/');
      const checked = state.grants.checkAccessToken(bearerToken(req) ?? url.searchParams.get('access_token') ?? '');
      const entry = checked ? state.mailbox(checked.grant.email) : null;
      if (!checked || !entry) return reply(res, gmailErrors.invalidCredentials());
      log.mailbox = entry.mailbox.email;
      const target = decodeURIComponent(userId).toLowerCase();
      if (target !== 'me' && target !== entry.mailbox.email) return reply(res, gmailErrors.delegationDenied(decodeURIComponent(userId)));
      const found = route(req.method ?? 'GET', rest.join('/'));
      if (!found) return reply(res, gmailErrors.notFound());
      if (!found.scopes.some((s) => checked.grant.scopes.map(shortScope).includes(s))) return reply(res, gmailErrors.insufficientScopes());
      const refused = entry.limits.admit(found.method);
      if (refused) return reply(res, refused);
      try {
        if (entry.limits.settings.latencyMs > 0) await sleep(entry.limits.settings.latencyMs);
        sendJson(res, 200, await found.run(entry, url, req));
      } catch (error) {
        if (error instanceof ApiError) return reply(res, error.error);
        if (error instanceof QueryError) return reply(res, gmailErrors.invalidArgument(error.message));
        if (error instanceof HistoryExpiredError) return reply(res, gmailErrors.notFound());
        throw error;
      } finally {
        entry.limits.release();
      }
    },
  };
}

/** 'https://www.googleapis.com/auth/gmail.readonly' -> 'gmail.readonly'; 'https://mail.google.com/' -> 'mail.google.com'. */
function shortScope(scope: string): string {
  return scope.replace('https://www.googleapis.com/auth/', '').replace(/^https:\/\/(mail\.google\.com)\/$/, '$1');
}

function reply(res: ServerResponse, error: GoogleError): void {
  sendJson(res, error.status, error.body, error.headers);
}

const systemLabels = ['INBOX', 'SENT'] as const;

function label(id: 'INBOX' | 'SENT', mailbox: Mailbox, withCounts: boolean) {
  const counts = mailbox.counts();
  const total = id === 'INBOX' ? counts.inbox : counts.sent;
  return {
    id, name: id, type: 'system',
    ...(id === 'INBOX' ? { messageListVisibility: 'hide', labelListVisibility: 'labelShow' } : { messageListVisibility: 'hide', labelListVisibility: 'labelHide' }),
    ...(withCounts ? { messagesTotal: total, messagesUnread: 0, threadsTotal: total, threadsUnread: 0 } : {}),
  };
}

function labelGet(mailbox: Mailbox, id: string) {
  if (id !== 'INBOX' && id !== 'SENT') throw new ApiError(gmailErrors.notFound());
  return label(id, mailbox, true);
}

function profile({ mailbox }: MailboxEntry) {
  const counts = mailbox.counts();
  return { emailAddress: mailbox.email, messagesTotal: counts.messages, threadsTotal: counts.threads, historyId: String(mailbox.historyId) };
}

function list(mailbox: Mailbox, url: URL) {
  const p = url.searchParams;
  const page = mailbox.list(p.getAll('labelIds'), parseQuery(p.get('q') ?? ''), maxResults(p, 100), p.get('pageToken'));
  return {
    ...(page.items.length > 0 ? { messages: page.items.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    resultSizeEstimate: page.total,
  };
}

function get(mailbox: Mailbox, id: string, url: URL) {
  const format = (url.searchParams.get('format') ?? 'full').toLowerCase();
  if (!['minimal', 'full', 'raw', 'metadata'].includes(format)) throw new ApiError(gmailErrors.invalidArgument(`Invalid value at 'format' (${format})`));
  const message = mailbox.get(id);
  if (!message) throw new ApiError(gmailErrors.notFound());
  const part = parsePart(message.raw);
  const base = {
    id: message.id, threadId: message.threadId, labelIds: message.labelIds, snippet: snippetOf(part),
    sizeEstimate: message.raw.length, historyId: String(message.historyId), internalDate: String(message.internalDate),
  };
  if (format === 'raw') return { ...base, raw: message.raw.toString('base64url') };
  if (format === 'full') return { ...base, payload: part };
  if (format === 'metadata') {
    const wanted = url.searchParams.getAll('metadataHeaders').map((h) => h.toLowerCase());
    const headers = wanted.length === 0 ? part.headers : part.headers.filter((h) => wanted.includes(h.name.toLowerCase()));
    return { ...base, payload: { partId: '', mimeType: part.mimeType, filename: '', headers, body: { size: 0 } } };
  }
  return base;
}

function history(mailbox: Mailbox, url: URL) {
  const p = url.searchParams;
  const start = p.get('startHistoryId');
  if (!start || !/^\d+$/.test(start)) throw new ApiError(gmailErrors.invalidArgument('Invalid startHistoryId'));
  const types = p.getAll('historyTypes');
  const page = mailbox.historySince(Number(start), p.get('labelId'), maxResults(p, 100), p.get('pageToken'));
  const records = types.length > 0 && !types.includes('messageAdded') ? [] : page.items;
  return {
    ...(records.length > 0 ? { history: records.map((r) => historyRecord(r.id, r.message)) } : {}),
    ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    historyId: String(mailbox.historyId),
  };
}

function historyRecord(id: number, m: StoredMessage) {
  const ref = { id: m.id, threadId: m.threadId };
  return { id: String(id), messages: [ref], messagesAdded: [{ message: { ...ref, labelIds: m.labelIds } }] };
}

function maxResults(p: URLSearchParams, fallback: number): number {
  const value = p.get('maxResults');
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new ApiError(gmailErrors.invalidArgument(`Invalid maxResults: ${value}`));
  return Math.min(Number(value), 500);
}

/** Sets headers at the top of a message, replacing any of the same name. */
export function withHeaders(raw: Buffer, set: Record<string, string>): Buffer {
  const names = Object.keys(set).map((n) => n.toLowerCase());
  if (names.length === 0) return raw;
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const headerBlock = end ? text.slice(0, end.index) : text;
  const rest = end ? text.slice(end.index) : '\r\n\r\n';
  const kept: string[] = [];
  let dropping = false;
  for (const line of headerBlock.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = names.includes(line.slice(0, line.indexOf(':')).trim().toLowerCase());
    if (!dropping) kept.push(line);
  }
  const added = Object.entries(set).map(([n, v]) => `${n}: ${v}`);
  return Buffer.from([...added, ...kept].join('\r\n') + rest, 'latin1');
}
