import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeStripeError, rateLimited, type StripeErrorBody } from './fake-stripe-errors.js';
import { FakeStripeResources } from './fake-stripe-resources.js';
import { parseStripeForm } from './form.js';
import { signEvent, stripeId } from './stripe-objects.js';

/**
 * A local stand-in for api.stripe.com (tests and development; Stripe can't be reached
 * here). Speaks what the `stripe` package sends and answers like Stripe for what billing
 * uses: Bearer auth, form-encoded bodies, `{"error": {...}}` envelopes with 400/401/402/
 * 404/429, Idempotency-Key replay and mismatch, a per-second rate limit, Request-Id.
 * Lifecycle helpers (complete a checkout, change a subscription) produce the events
 * Stripe would send; sign them with signEvent() from stripe-objects.ts.
 */
export interface FakeStripeOptions {
  secretKey?: string;
  prices?: string[];
  /** Requests per second before 429 (default: unlimited). */
  rateLimitPerSecond?: number;
  /**
   * Development: where the fake sends signed events when someone opens a Checkout URL
   * (GET /c/pay/:id "pays" at once), as Stripe would after a real payment.
   */
  webhook?: { url: string; secret: string };
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

export class FakeStripe {
  readonly secretKey: string;
  readonly resources: FakeStripeResources;
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly idempotency = new Map<string, StoredResponse>();
  private readonly injected: FakeStripeError[] = [];
  private window = { second: 0, count: 0 };
  private readonly rateLimitPerSecond: number;
  private webhook: FakeStripeOptions['webhook'];

  private constructor(options: FakeStripeOptions) {
    this.webhook = options.webhook;
    this.secretKey = options.secretKey ?? 'sk_test_fake';
    this.rateLimitPerSecond = options.rateLimitPerSecond ?? Infinity;
    this.resources = new FakeStripeResources(options.prices ?? ['price_seat']);
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: FakeStripeOptions = {}): Promise<FakeStripe> {
    const fake = new FakeStripe(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Settings for BillingConfig / the Stripe client. */
  get clientSettings(): { apiHost: string; apiPort: number; apiProtocol: 'http' } {
    return { apiHost: '127.0.0.1', apiPort: this.port, apiProtocol: 'http' };
  }

  /** Where paid Checkouts send their events (e.g. once the API's port is known). */
  setWebhook(webhook: { url: string; secret: string } | undefined): void {
    this.webhook = webhook;
  }

  /** The next request(s) fail with this error (e.g. cardDeclined(), rateLimited()). */
  failNext(error: FakeStripeError, times = 1): void {
    for (let i = 0; i < times; i++) this.injected.push(error);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = stripeId('req');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers });
      res.end(JSON.stringify(body));
    };
    const sendError = (e: FakeStripeError): void =>
      send(e.status, { error: withDocUrl(e.body, requestId) }, e.headers);
    try {
      const raw = await readBody(req);
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(raw);
      const key = header(req, 'idempotency-key');
      if (method === 'GET' && (url.pathname.startsWith('/c/pay/') || url.pathname.startsWith('/p/session/'))) {
        return await this.hostedPage(url.pathname, res);
      }
      this.requests.push({ method, path: url.pathname, params, idempotencyKey: key });

      if (header(req, 'authorization') !== `Bearer ${this.secretKey}`) {
        return sendError(new FakeStripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' }));
      }
      const injected = this.injected.shift();
      if (injected) return sendError(injected);
      if (this.overRateLimit()) return sendError(rateLimited());

      const fingerprint = sha256(`${method} ${url.pathname} ${raw}`);
      if (method === 'POST' && key !== undefined) {
        const stored = this.idempotency.get(key);
        if (stored && stored.fingerprint !== fingerprint) {
          return sendError(new FakeStripeError(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          }));
        }
        if (stored) return send(stored.status, stored.body, { 'idempotent-replayed': 'true', 'idempotency-key': key });
      }
      const body = this.resources.route(method, url.pathname, params, `http://127.0.0.1:${this.port}`);
      if (method === 'POST' && key !== undefined) this.idempotency.set(key, { fingerprint, status: 200, body });
      send(200, body, key !== undefined ? { 'idempotency-key': key } : {});
    } catch (err) {
      if (err instanceof FakeStripeError) return sendError(err);
      send(500, { error: { type: 'api_error', message: `fake stripe: ${String(err)}` } });
    }
  }

  /** The hosted pages a browser opens: Checkout "pays" at once; the portal just says so. */
  private async hostedPage(path: string, res: http.ServerResponse): Promise<void> {
    let text = 'Fake Stripe Customer Portal: nothing to change here.';
    if (path.startsWith('/c/pay/')) {
      const { events } = this.resources.completeCheckout(path.slice('/c/pay/'.length));
      const delivered = await this.deliver(events);
      text = `Fake Stripe Checkout: paid. ${delivered} event(s) sent to the webhook.`;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
  }

  /** POSTs each event, signed, to the configured webhook; returns how many got a 2xx. */
  async deliver(events: ReadonlyArray<Record<string, unknown>>): Promise<number> {
    if (!this.webhook) return 0;
    let ok = 0;
    for (const event of events) {
      const { payload, header: signature } = signEvent(event, this.webhook.secret);
      const res = await fetch(this.webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
        body: payload,
      });
      if (res.ok) ok += 1;
    }
    return ok;
  }

  private overRateLimit(): boolean {
    const second = Math.floor(Date.now() / 1000);
    if (this.window.second !== second) this.window = { second, count: 0 };
    this.window.count += 1;
    return this.window.count > this.rateLimitPerSecond;
  }
}

function withDocUrl(body: StripeErrorBody, requestId: string): Record<string, unknown> {
  return {
    ...body,
    ...(body.code !== undefined && { doc_url: `https://stripe.com/docs/error-codes/${body.code.replaceAll('_', '-')}` }),
    request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
