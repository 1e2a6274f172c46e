import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, readJson, sendJson } from './http';
import type { GrantRevocation } from './identity';
import type { DeltaExpiry, MailboxInfo } from './mailbox';
import { partsFromEml, restIdOf, type StoredMessage } from './message';
import type { Failure } from './limits';
import type { LogEntry, TenantState } from './state';

/** What tests and the quick start steer the simulated Microsoft 365 with (in process, or over HTTP under /_control/graph/). */
export interface DeliveredMessage {
  /** The immutable id (what Graph returns with Prefer: IdType="ImmutableId"). */
  readonly id: string;
  /** The default REST id (changes if the item moves folders). */
  readonly restId: string;
  readonly internetMessageId: string;
  readonly receivedDateTime: string;
}

export interface SentItem extends DeliveredMessage {
  readonly subject: string;
  readonly to: readonly string[];
  readonly internetMessageHeaders: readonly { readonly name: string; readonly value: string }[];
  readonly singleValueExtendedProperties: readonly { readonly id: string; readonly value: string }[];
}

export interface Behaviour {
  /** Sign in without the consent page: true picks the login_hint's (or first) mailbox, a string that mailbox. */
  autoApprove?: boolean | string;
  latencyMs?: number;
  concurrencyLimit?: number;
  concurrencyRetryAfterSeconds?: number;
  replayAcrossPages?: boolean;
  sendDelayMs?: number;
  accessTokenLifetimeSeconds?: number;
  rejectReusedRefreshTokens?: boolean;
  defaultPageSize?: number;
  keepClientInternetMessageId?: boolean;
}

export interface GraphControl {
  createMailbox(address: string, displayName?: string): MailboxInfo;
  mailboxes(): MailboxInfo[];
  deliver(address: string, eml: string, options?: { receivedAt?: Date }): Promise<DeliveredMessage>;
  /** Many at once (a benchmark's 10,000): every .eml is parsed before any is delivered. */
  deliverMany(address: string, messages: readonly { eml: string; receivedAt?: Date }[]): Promise<DeliveredMessage[]>;
  deleteMessage(address: string, id: string): boolean;
  markRead(address: string, id: string): boolean;
  /** Every delta and skip token of the mailbox minted so far stops working (default 410 syncStateNotFound). */
  expireDeltaTokens(address: string, expiry?: Partial<DeltaExpiry>): void;
  /** The next `count` Graph requests (of one mailbox, or any) answer 429 with Retry-After. */
  throttle(options: { count: number; retryAfterSeconds?: number; address?: string }): void;
  /** The next `count` Graph requests answer a 5xx; target 'token' fails the token endpoint instead. */
  failNext(options: { count: number; status?: Failure['status']; retryAfterSeconds?: number; address?: string; target?: 'graph' | 'token' }): void;
  /** The mailbox's grants die: refresh answers invalid_grant; its access tokens stop working unless kept. */
  revokeGrant(address: string, options?: Partial<GrantRevocation> & { keepAccessTokens?: boolean }): number;
  expireAccessTokens(address: string): void;
  setBehaviour(behaviour: Behaviour): void;
  sentItems(address: string): SentItem[];
  requestLog(): LogEntry[];
  clearRequestLog(): void;
  /** Back to the start: the initial mailboxes, empty; no grants, limits, log or behaviour changes. */
  reset(): void;
}

export function createControl(state: TenantState, initial: () => void): GraphControl {
  const control: GraphControl = {
    createMailbox: (address, displayName) => info(state.createMailbox(address, displayName ?? address)),
    mailboxes: () => state.infos(),
    async deliver(address, eml, options = {}) {
      return delivered(await state.mailbox(address).deliver(eml, options));
    },
    async deliverMany(address, messages) {
      const mailbox = state.mailbox(address);
      const domain = mailbox.address.split('@')[1] ?? 'example';
      const parsed = await Promise.all(messages.map(async (m) => ({ parts: await partsFromEml(m.eml, domain), receivedAt: m.receivedAt ?? new Date() })));
      return parsed.map(({ parts, receivedAt }) => delivered(mailbox.add(parts, 'inbox', receivedAt, [])));
    },
    deleteMessage: (address, id) => state.mailbox(address).remove(id),
    markRead(address, id) {
      const mailbox = state.mailbox(address);
      const message = mailbox.find(id);
      if (!message) return false;
      mailbox.touch(message, (m) => {
        m.isRead = true;
      });
      return true;
    },
    expireDeltaTokens(address, expiry = {}) {
      state.mailbox(address).expireDeltaTokens({
        status: expiry.status ?? 410,
        code: expiry.code ?? 'syncStateNotFound',
        message: expiry.message ?? 'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
      });
    },
    throttle: ({ count, retryAfterSeconds = 2, address }) => state.limits.throttle({ count, retryAfterSeconds, address: address ?? null }),
    failNext({ count, status = 503, retryAfterSeconds, address, target = 'graph' }) {
      if (target === 'token') state.identity.tokenFailure = { count, status };
      else state.limits.fail({ count, status, retryAfterSeconds: retryAfterSeconds ?? null, address: address ?? null });
    },
    revokeGrant: (address, options = {}) => state.identity.revokeGrants(
      address,
      { reason: options.reason ?? 'revoked', suberror: options.suberror === undefined ? 'bad_token' : options.suberror },
      options.keepAccessTokens ?? false,
    ),
    expireAccessTokens: (address) => state.identity.expireAccessTokens(address),
    setBehaviour(b) {
      if (b.autoApprove !== undefined) state.identity.autoApprove = b.autoApprove;
      if (b.accessTokenLifetimeSeconds !== undefined) state.identity.accessTokenLifetimeSeconds = b.accessTokenLifetimeSeconds;
      if (b.rejectReusedRefreshTokens !== undefined) state.identity.rejectReusedRefreshTokens = b.rejectReusedRefreshTokens;
      if (b.latencyMs !== undefined) state.limits.latencyMs = b.latencyMs;
      if (b.concurrencyLimit !== undefined) state.limits.concurrencyLimit = b.concurrencyLimit;
      if (b.concurrencyRetryAfterSeconds !== undefined) state.limits.concurrencyRetryAfterSeconds = b.concurrencyRetryAfterSeconds;
      if (b.replayAcrossPages !== undefined) state.replayAcrossPages = b.replayAcrossPages;
      if (b.sendDelayMs !== undefined) state.sendDelayMs = b.sendDelayMs;
      if (b.defaultPageSize !== undefined) state.defaultPageSize = b.defaultPageSize;
      if (b.keepClientInternetMessageId !== undefined) state.keepClientInternetMessageId = b.keepClientInternetMessageId;
    },
    sentItems: (address) => state.mailbox(address).inFolder('sentitems').map((m) => ({
      id: m.immutableId, restId: restIdOf(m), internetMessageId: m.internetMessageId, receivedDateTime: m.receivedDateTime, subject: m.subject,
      to: m.toRecipients.map((r) => r.emailAddress.address), internetMessageHeaders: m.internetMessageHeaders, singleValueExtendedProperties: m.singleValueExtendedProperties,
    })),
    requestLog: () => [...state.log],
    clearRequestLog: () => {
      state.log.length = 0;
    },
    reset() {
      state.mailboxes.clear();
      state.log.length = 0;
      state.identity.reset();
      state.limits.reset();
      state.replayAcrossPages = false;
      state.sendDelayMs = 0;
      state.defaultPageSize = 10;
      state.keepClientInternetMessageId = false;
      initial();
    },
  };
  return control;
}

function delivered(message: StoredMessage): DeliveredMessage {
  return { id: message.immutableId, restId: restIdOf(message), internetMessageId: message.internetMessageId, receivedDateTime: message.receivedDateTime };
}

function info(m: MailboxInfo): MailboxInfo {
  return { address: m.address, displayName: m.displayName, userId: m.userId };
}

/** The same control over HTTP, for processes that do not hold the simulator object. */
export async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, control: GraphControl): Promise<boolean> {
  const prefix = '/_control/graph';
  if (!url.pathname.startsWith(`${prefix}/`)) return false;
  const path = url.pathname.slice(prefix.length);
  const method = req.method ?? 'GET';
  const ok = (body: unknown = { ok: true }) => sendJson(res, 200, body);
  try {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/mailboxes') ok(control.mailboxes());
    else if (method === 'POST' && path === '/mailboxes') {
      const b = await readJson(req);
      ok(control.createMailbox(typeof b.address === 'string' ? b.address : '', typeof b.displayName === 'string' ? b.displayName : undefined));
    } else if (method === 'POST' && (m = /^\/mailboxes\/([^/]+)\/messages$/.exec(path)) && /json/.test(req.headers['content-type'] ?? '')) {
      const b = await readJson(req, 256 * 1024 * 1024);
      const list = Array.isArray(b.messages) ? (b.messages as { eml?: unknown; receivedAt?: unknown }[]) : [];
      ok(await control.deliverMany(decodeURIComponent(m[1]!), list.map((x) => ({
        eml: typeof x.eml === 'string' ? x.eml : '',
        ...(typeof x.receivedAt === 'string' ? { receivedAt: new Date(x.receivedAt) } : {}),
      }))));
    } else if (method === 'POST' && (m = /^\/mailboxes\/([^/]+)\/messages$/.exec(path))) {
      const receivedAt = url.searchParams.get('receivedAt');
      ok(await control.deliver(decodeURIComponent(m[1]!), await readBody(req), receivedAt ? { receivedAt: new Date(receivedAt) } : {}));
    } else if (method === 'DELETE' && (m = /^\/mailboxes\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      ok({ deleted: control.deleteMessage(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)) });
    } else if (method === 'POST' && (m = /^\/mailboxes\/([^/]+)\/messages\/([^/]+)\/read$/.exec(path))) {
      ok({ changed: control.markRead(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)) });
    } else if (method === 'POST' && (m = /^\/mailboxes\/([^/]+)\/expire-delta$/.exec(path))) {
      control.expireDeltaTokens(decodeURIComponent(m[1]!), (await readJson(req)));
      ok();
    } else if (method === 'POST' && (m = /^\/mailboxes\/([^/]+)\/revoke$/.exec(path))) {
      ok({ revoked: control.revokeGrant(decodeURIComponent(m[1]!), (await readJson(req))) });
    } else if (method === 'POST' && (m = /^\/mailboxes\/([^/]+)\/expire-access-tokens$/.exec(path))) {
      control.expireAccessTokens(decodeURIComponent(m[1]!));
      ok();
    } else if (method === 'GET' && (m = /^\/mailboxes\/([^/]+)\/sent$/.exec(path))) ok(control.sentItems(decodeURIComponent(m[1]!)));
    else if (method === 'POST' && path === '/throttle') {
      control.throttle((await readJson(req)) as Parameters<GraphControl['throttle']>[0]);
      ok();
    } else if (method === 'POST' && path === '/fail') {
      control.failNext((await readJson(req)) as Parameters<GraphControl['failNext']>[0]);
      ok();
    } else if (method === 'POST' && path === '/behaviour') {
      control.setBehaviour((await readJson(req)));
      ok();
    } else if (method === 'GET' && path === '/requests') ok(control.requestLog());
    else if (method === 'DELETE' && path === '/requests') {
      control.clearRequestLog();
      ok();
    } else if (method === 'POST' && path === '/reset') {
      control.reset();
      ok();
    } else sendJson(res, 404, { error: 'no such control route' });
  } catch (e) {
    sendJson(res, 400, { error: e instanceof Error ? e.message : 'bad control request' });
  }
  return true;
}
