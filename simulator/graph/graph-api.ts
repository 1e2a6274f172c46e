import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeDeltaState, deltaPage, encodeDeltaState, nextRound, startRound, type DeltaState } from './delta';
import { sendGraphError, sendJson } from './http';
import type { AccessTokenInfo } from './identity';
import type { Mailbox } from './mailbox';
import type { FolderName } from './message';
import {
  matchesFilter, matchesReceived, messageId, parseFilter, parseSelect, preferenceApplied, preferences, QueryError,
  serializeMessage, unknownSelected, type Preferences,
} from './query';
import { sendMail } from './send-mail';
import { folderFromSegment, folderId, type TenantState } from './state';
import { hasScope } from './scopes';

/** Microsoft Graph v1.0 mail routes under /v1.0/me/, behind auth, throttling and failure injection. */
export async function handleGraph(req: IncomingMessage, res: ServerResponse, url: URL, origin: string, state: TenantState, onMailbox: (address: string) => void): Promise<boolean> {
  if (!url.pathname.startsWith('/v1.0/')) return false;
  const auth = authenticate(req, res, state);
  if (!auth) return true;
  const mailbox = state.byUserId(auth.grant.mailbox.userId);
  if (!mailbox) {
    sendGraphError(res, 404, 'ErrorInvalidUser', `The requested user '${auth.grant.mailbox.address}' is invalid.`);
    return true;
  }
  onMailbox(mailbox.address);
  const verdict = state.limits.admit(mailbox.address);
  if (verdict.kind === 'concurrency') {
    sendGraphError(res, 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': String(verdict.retryAfterSeconds) });
    return true;
  }
  if (verdict.kind === 'throttled') {
    sendGraphError(res, 429, 'TooManyRequests', 'Too many requests. Retry after the time in the Retry-After header.', { 'Retry-After': String(verdict.retryAfterSeconds) });
    return true;
  }
  if (verdict.kind === 'failed') {
    const names: Record<number, string> = { 500: 'InternalServerError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout' };
    sendGraphError(res, verdict.status, names[verdict.status] ?? 'InternalServerError', 'The service is temporarily unavailable.',
      verdict.retryAfterSeconds === null ? {} : { 'Retry-After': String(verdict.retryAfterSeconds) });
    return true;
  }
  res.once('close', verdict.release);
  try {
    if (state.limits.latencyMs > 0) await new Promise((r) => setTimeout(r, state.limits.latencyMs));
    await route(req, res, url, origin, state, mailbox, auth);
  } catch (e) {
    if (e instanceof QueryError) sendGraphError(res, 400, 'BadRequest', e.message);
    else throw e;
  } finally {
    verdict.release();
  }
  return true;
}

function authenticate(req: IncomingMessage, res: ServerResponse, state: TenantState): AccessTokenInfo | null {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
  const info = token ? state.identity.verifyAccessToken(token) : null;
  if (info && info !== 'expired') return info;
  const message = !token ? 'Access token is empty.' : info === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'IDX14100: JWT is not well formed, there are no dots (.).';
  sendGraphError(res, 401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
  return null;
}

function canRead(auth: AccessTokenInfo): boolean {
  return hasScope(auth.scopes, 'Mail.Read') || hasScope(auth.scopes, 'Mail.ReadWrite');
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL, origin: string, state: TenantState, mailbox: Mailbox, auth: AccessTokenInfo): Promise<void> {
  const path = url.pathname.replace(/\/mailFolders\('([^']*)'\)/gi, '/mailFolders/$1').replace(/\/microsoft\.graph\.delta(\(\))?$/, '/delta');
  const p = preferences(req);
  const denied = () => sendGraphError(res, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  let m: RegExpExecArray | null;
  if (req.method === 'GET' && path === '/v1.0/me') {
    if (!hasScope(auth.scopes, 'User.Read')) return sendGraphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return sendJson(res, 200, {
      '@odata.context': `${origin}/v1.0/$metadata#users/$entity`, id: mailbox.userId, displayName: mailbox.displayName, mail: mailbox.address, userPrincipalName: mailbox.address,
    });
  }
  if (req.method === 'POST' && path === '/v1.0/me/sendMail') {
    if (!hasScope(auth.scopes, 'Mail.Send')) return denied();
    return sendMail(req, res, state, mailbox);
  }
  if (req.method !== 'GET') return sendGraphError(res, 405, 'ErrorInvalidRequest', 'The OData request is not supported.');
  if (!canRead(auth)) return denied();
  if ((m = /^\/v1\.0\/me\/mailFolders\/([^/]+)$/i.exec(path))) {
    const folder = folderFromSegment(mailbox, m[1]!);
    if (!folder) return folderNotFound(res);
    const items = mailbox.inFolder(folder);
    return sendJson(res, 200, {
      '@odata.context': `${origin}/v1.0/$metadata#users('${mailbox.userId}')/mailFolders/$entity`,
      id: folderId(mailbox, folder), displayName: folder === 'inbox' ? 'Inbox' : 'Sent Items', parentFolderId: folderId(mailbox, 'inbox').replace(/A=$/, 'B='),
      childFolderCount: 0, unreadItemCount: items.filter((i) => !i.isRead).length, totalItemCount: items.length, isHidden: false,
    });
  }
  if ((m = /^\/v1\.0\/me\/mailFolders\/([^/]+)\/messages\/delta$/i.exec(path))) {
    const folder = folderFromSegment(mailbox, m[1]!);
    if (!folder) return folderNotFound(res);
    return delta(res, url, origin, state, mailbox, folder, p);
  }
  if ((m = /^\/v1\.0\/me\/mailFolders\/([^/]+)\/messages$/i.exec(path))) {
    const folder = folderFromSegment(mailbox, m[1]!);
    if (!folder) return folderNotFound(res);
    return list(res, url, origin, mailbox, folder, p);
  }
  if ((m = /^\/v1\.0\/me(?:\/mailFolders\/[^/]+)?\/messages\/([^/]+)(\/\$value)?$/i.exec(path))) {
    const message = mailbox.find(decodeURIComponent(m[1]!));
    if (!message) return sendGraphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (m[2]) {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end(message.raw);
      return;
    }
    const select = parseSelect(url.searchParams.get('$select'));
    if (unknownSelected(select)) return badSelect(res, unknownSelected(select)!);
    return sendJson(res, 200, {
      '@odata.context': `${origin}/v1.0/$metadata#users('${mailbox.userId}')/messages/$entity`,
      ...serializeMessage(message, select, p.immutableIds, folderId(mailbox, message.folder)),
    }, preferenceApplied(p, null));
  }
  sendGraphError(res, 400, 'BadRequest', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
}

function list(res: ServerResponse, url: URL, origin: string, mailbox: Mailbox, folder: FolderName, p: Preferences): void {
  const q = url.searchParams;
  const select = parseSelect(q.get('$select'));
  if (unknownSelected(select)) return badSelect(res, unknownSelected(select)!);
  const filter = parseFilter(q.get('$filter'));
  const top = clamp(Number(q.get('$top') ?? 10), 1, 1000);
  const skip = Math.max(0, Number(q.get('$skip') ?? 0) || 0);
  const orderBy = (q.get('$orderby') ?? 'receivedDateTime desc').trim().toLowerCase();
  if (!/^receiveddatetime( (asc|desc))?$/.test(orderBy)) throw new QueryError('The $orderby expression is not supported.');
  const dir = orderBy.endsWith('asc') || orderBy === 'receiveddatetime' ? 1 : -1;
  const all = mailbox.inFolder(folder).filter((msg) => matchesFilter(msg, filter))
    .sort((a, b) => dir * (a.receivedDateTime.localeCompare(b.receivedDateTime) || a.seq - b.seq));
  const page = all.slice(skip, skip + top);
  const body: Record<string, unknown> = {
    '@odata.context': `${origin}/v1.0/$metadata#users('${mailbox.userId}')/mailFolders('${folder}')/messages`,
    value: page.map((msg) => serializeMessage(msg, select, p.immutableIds, folderId(mailbox, folder))),
  };
  if (skip + top < all.length) {
    const next = new URL(url.href.replace(/^https?:\/\/[^/]+/, origin));
    next.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = next.href;
  }
  sendJson(res, 200, body, preferenceApplied(p, null));
}

function delta(res: ServerResponse, url: URL, origin: string, state: TenantState, mailbox: Mailbox, folder: FolderName, p: Preferences): void {
  const q = url.searchParams;
  const skipToken = q.get('$skiptoken');
  const deltaToken = q.get('$deltatoken');
  let round: DeltaState;
  if (skipToken !== null || deltaToken !== null) {
    const decoded = decodeDeltaState(skipToken ?? deltaToken ?? '');
    if (!decoded || decoded.mailbox !== mailbox.userId || decoded.folder !== folder) {
      return sendGraphError(res, 400, 'syncStateInvalid', 'The sync state is invalid for this folder. Start a new synchronization without a token.');
    }
    if (decoded.generation < mailbox.deltaGeneration) {
      const expiry = mailbox.deltaExpiry ?? { status: 410, code: 'syncStateNotFound', message: 'The sync state generation is not found. The delta token is expired and data must be synchronized again.' };
      return sendGraphError(res, expiry.status, expiry.code, expiry.message);
    }
    round = skipToken !== null ? decoded : nextRound(mailbox, decoded);
  } else {
    const select = parseSelect(q.get('$select'));
    if (unknownSelected(select)) return badSelect(res, unknownSelected(select)!);
    const filter = parseFilter(q.get('$filter'));
    if (filter && filter.kind !== 'received') throw new QueryError('Delta on messages supports only $filter on receivedDateTime (ge, gt).');
    const clauses = filter?.clauses ?? [];
    if (clauses.length > 1 || clauses.some((c) => c.op !== 'ge' && c.op !== 'gt')) throw new QueryError('Delta on messages supports only $filter on receivedDateTime (ge, gt).');
    round = startRound(mailbox, folder, { select, filter: clauses[0] ?? null });
  }
  const pageSize = clamp(p.maxPageSize ?? state.defaultPageSize, 1, 1000);
  const page = deltaPage(mailbox, round, pageSize, state.replayAcrossPages, (msg) => !round.filter || matchesReceived(msg, round.filter));
  const base = `${origin}/v1.0/me/mailFolders('${folderId(mailbox, folder)}')/messages/delta`;
  const body: Record<string, unknown> = {
    '@odata.context': `${origin}/v1.0/$metadata#Collection(message)`,
    value: page.items.map(({ message, removed }) => removed
      ? { '@odata.type': '#microsoft.graph.message', id: messageId(message, p.immutableIds), '@removed': { reason: 'deleted' } }
      : { '@odata.type': '#microsoft.graph.message', ...serializeMessage(message, round.select, p.immutableIds, folderId(mailbox, folder)) }),
  };
  if (page.next) body['@odata.nextLink'] = `${base}?$skiptoken=${encodeDeltaState(page.next)}`;
  else body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeDeltaState(page.deltaState!)}`;
  sendJson(res, 200, body, preferenceApplied(p, pageSize));
}

function folderNotFound(res: ServerResponse): void {
  sendGraphError(res, 404, 'ErrorInvalidIdMalformed', 'Id is malformed.');
}

function badSelect(res: ServerResponse, name: string): void {
  sendGraphError(res, 400, 'RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.message'.`);
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo;
}
