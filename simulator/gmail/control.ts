import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, readJson, sendJson } from './http';
import type { LimitSettings } from './limits';
import type { GmailState, MailboxEntry } from './state';

/** The test-only control API under /_control/gmail (see simulator/README.md). */
export const controlPrefix = '/_control/gmail';

class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function createControlRoutes(state: GmailState) {
  const mailboxOf = (email: string): MailboxEntry => {
    const entry = state.mailbox(email);
    if (!entry) throw new ControlError(404, 'No such mailbox.');
    return entry;
  };

  const describe = ({ mailbox, limits }: MailboxEntry) => ({
    email: mailbox.email,
    name: mailbox.name,
    historyId: mailbox.historyId,
    retainedFromHistoryId: mailbox.retainedFromHistoryId,
    ...mailbox.counts(),
    quota: { unitsTotal: limits.unitsTotal, unitsLastMinute: limits.unitsLastMinute(), callsTotal: limits.callsTotal, inFlight: limits.inFlight },
    limits: limits.settings,
    liveGrants: state.grants.liveGrants(mailbox.email),
  });

  const deliverOne = (entry: MailboxEntry, item: Record<string, unknown>, encoding: BufferEncoding) => {
    if (typeof item.raw !== 'string' || item.raw.trim() === '') throw new ControlError(400, 'raw: the message as RFC 822 text is required.');
    const label = item.label ?? 'INBOX';
    if (label !== 'INBOX' && label !== 'SENT') throw new ControlError(400, 'label: INBOX or SENT.');
    const internalDate = parseTime(item.internalDate) ?? state.now();
    const message = entry.mailbox.add(Buffer.from(item.raw.replace(/\r?\n/g, '\r\n'), encoding), label, { internalDate });
    return { id: message.id, threadId: message.threadId, historyId: String(message.historyId), internalDate: String(message.internalDate) };
  };

  /** One .eml body, one JSON { raw, ... }, or JSON { messages: [{ raw, ... }] } in order. */
  const deliver = async (entry: MailboxEntry, req: IncomingMessage, url: URL) => {
    if (!(req.headers['content-type'] ?? '').includes('application/json')) {
      const raw = (await readBody(req)).toString('latin1');
      return deliverOne(entry, { raw, internalDate: url.searchParams.get('internalDate'), label: url.searchParams.get('label') ?? undefined }, 'latin1');
    }
    const body = await readJson(req);
    if (!Array.isArray(body.messages)) return deliverOne(entry, body, 'utf8');
    const items = body.messages as unknown[];
    const valid = (m: unknown) => m !== null && typeof m === 'object' && typeof (m as { raw?: unknown }).raw === 'string'
      && ['INBOX', 'SENT', undefined].includes((m as { label?: string }).label);
    if (!items.every(valid)) throw new ControlError(400, 'messages: a list of { raw, internalDate?, label? }; nothing was delivered.');
    return { messages: (items as Record<string, unknown>[]).map((m) => deliverOne(entry, m, 'utf8')) };
  };

  const count = (value: unknown, name: string, fallback?: number): number => {
    const n = value === undefined && fallback !== undefined ? fallback : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ControlError(400, `${name}: a whole number >= 0.`);
    return n;
  };

  const mailboxRoute = async (entry: MailboxEntry, action: string, req: IncomingMessage, url: URL): Promise<[number, unknown]> => {
    const { mailbox, limits } = entry;
    const method = req.method ?? 'GET';
    if (action === '' && method === 'GET') return [200, describe(entry)];
    if (action === 'messages' && method === 'POST') return [201, await deliver(entry, req, url)];
    if (action === 'messages' && method === 'GET') {
      const label = url.searchParams.get('label');
      const page = mailbox.list(label ? [label] : [], { afterMs: null, beforeMs: null, labels: [], rfc822MessageId: null }, 10_000, null);
      return [200, { messages: page.items.map((m) => ({ id: m.id, threadId: m.threadId, labelIds: m.labelIds, internalDate: String(m.internalDate), historyId: String(m.historyId), messageId: m.messageId })) }];
    }
    if (method !== 'POST' && method !== 'PUT') throw new ControlError(405, 'Use POST.');
    const body = await readJson(req);
    switch (action) {
      case 'expire-history':
        return [200, { retainedFromHistoryId: mailbox.expireHistory(body.fromHistoryId === undefined ? undefined : count(body.fromHistoryId, 'fromHistoryId')), historyId: mailbox.historyId }];
      case 'throttle': {
        const status = body.status ?? 429;
        if (status !== 429 && status !== 403) throw new ControlError(400, 'status: 429 or 403.');
        limits.throttleNext(count(body.count, 'count'), count(body.retryAfterSeconds, 'retryAfterSeconds', 1), status);
        return [200, { throttled: body.count }];
      }
      case 'fail': {
        const status = count(body.status, 'status', 503);
        if (status < 500 || status > 599) throw new ControlError(400, 'status: a 5xx.');
        limits.failNext(count(body.count, 'count'), status);
        return [200, { failing: body.count }];
      }
      case 'limits': {
        const next: LimitSettings = { ...limits.settings };
        if (body.quotaUnitsPerMinute !== undefined) next.quotaUnitsPerMinute = count(body.quotaUnitsPerMinute, 'quotaUnitsPerMinute');
        if (body.maxConcurrent !== undefined) next.maxConcurrent = count(body.maxConcurrent, 'maxConcurrent');
        if (body.latencyMs !== undefined) next.latencyMs = count(body.latencyMs, 'latencyMs');
        if (body.quotaStatus !== undefined) {
          if (body.quotaStatus !== 429 && body.quotaStatus !== 403) throw new ControlError(400, 'quotaStatus: 429 or 403.');
          next.quotaStatus = body.quotaStatus;
        }
        limits.settings = next;
        return [200, { limits: next }];
      }
      case 'revoke':
        return [200, { revokedGrants: state.grants.revokeMailbox(mailbox.email) }];
      case 'expire-access-tokens':
        return [200, { expiredAccessTokens: state.grants.expireAccessTokens(mailbox.email) }];
      default:
        throw new ControlError(404, 'Unknown control action.');
    }
  };

  const route = async (req: IncomingMessage, url: URL): Promise<[number, unknown]> => {
    const path = url.pathname.slice(controlPrefix.length);
    const method = req.method ?? 'GET';
    if (path === '/reset' && method === 'POST') {
      state.reset();
      return [200, { reset: true }];
    }
    if (path === '/settings') {
      if (method === 'GET') return [200, state.settings];
      const body = await readJson(req);
      const next = { ...state.settings };
      if (body.rotateRefreshTokens !== undefined) next.rotateRefreshTokens = body.rotateRefreshTokens === true;
      if (body.replaceMessageId !== undefined) next.replaceMessageId = body.replaceMessageId === true;
      if (body.autoApproveAs !== undefined) next.autoApproveAs = typeof body.autoApproveAs === 'string' ? body.autoApproveAs : null;
      state.settings = next;
      return [200, next];
    }
    if (path === '/requests' && method === 'GET') {
      return [200, { requests: state.log.list({ mailbox: url.searchParams.get('mailbox')?.toLowerCase() ?? null, sinceMs: parseTime(url.searchParams.get('since')) }) }];
    }
    if (path === '/mailboxes' && method === 'GET') return [200, { mailboxes: [...state.mailboxes.values()].map(describe) }];
    if (path === '/mailboxes' && method === 'POST') {
      const body = await readJson(req);
      if (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(body.email)) throw new ControlError(400, 'email: an address is required.');
      const existed = state.mailbox(body.email) !== null;
      const entry = state.addMailbox(body.email, typeof body.name === 'string' ? body.name : body.email);
      return [existed ? 200 : 201, describe(entry)];
    }
    const match = /^\/mailboxes\/([^/]+)(?:\/([a-z-]+))?$/.exec(path);
    if (match) return mailboxRoute(mailboxOf(decodeURIComponent(match[1]!)), match[2] ?? '', req, url);
    throw new ControlError(404, 'Unknown control path.');
  };

  return {
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      try {
        const [status, body] = await route(req, url);
        sendJson(res, status, body);
      } catch (error) {
        if (error instanceof ControlError) return sendJson(res, error.status, { error: error.message });
        if (error instanceof SyntaxError) return sendJson(res, 400, { error: 'The body is not JSON.' });
        throw error;
      }
    },
  };
}

/** Milliseconds since the epoch, or an ISO 8601 time. */
function parseTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}
