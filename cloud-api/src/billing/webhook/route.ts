import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type pg from 'pg';
import type Stripe from 'stripe';
import { bodyErrorResponses, errorResponses } from '@leadpulse/cloud-contract';
import { withTenantTx } from '../../db/tenant-tx.js';
import { webhookResponseSchema } from '../schemas.js';
import { applyEffect, applyRead, type BillingChange } from './apply.js';
import { extractEffect } from './extract.js';
import { rereadSubscription } from './reread.js';

export const WEBHOOK_PATH = '/v1/billing/webhook';
/** Stripe's own default; an older signature is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
// Stripe events are small JSON documents; a subscription event is a few KB.
const WEBHOOK_BODY_LIMIT_BYTES = 512 * 1024;

export interface WebhookDeps {
  pool: pg.Pool;
  stripe: Stripe;
  webhookSecret: string;
  /** STRIPE_SEAT_PRICE_ID: which subscription items are seats. */
  seatPriceId: string;
  now?: () => Date;
  /** Called in the event's transaction when a subscription's status or seats changed (audit). */
  onChange?: (client: pg.PoolClient, tenantId: string, change: BillingChange, event: Stripe.Event) => Promise<void>;
}

/**
 * POST /v1/billing/webhook. Registered in its own encapsulated scope so the raw-body
 * parser applies to this route only: the signature covers the exact bytes Stripe sent.
 * 400 = rejected (bad or missing signature, stale); 200 = applied, duplicate, ignored (not
 * billing's) or unusable (well-signed but unusable: recorded, never retried); 5xx only for
 * failures that may pass: the database (nothing kept) or Stripe on a re-read (503, the event
 * is kept and its redelivery re-reads again); Stripe retries.
 */
export function registerWebhookRoute(app: FastifyInstance, deps: WebhookDeps): void {
  const now = deps.now ?? (() => new Date());
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_req, body, done) => {
      done(null, body);
    });
    const schema = {
      tags: ['billing'],
      summary: 'Stripe webhook: signature-verified (Stripe-Signature), no bearer token',
      security: [],
      // Any content type is taken as raw bytes (no 415); 413 over WEBHOOK_BODY_LIMIT_BYTES.
      // 503: Stripe could not be asked to settle same-second events (the event is kept).
      response: { 200: webhookResponseSchema, ...errorResponses(400, 403, 503), 413: bodyErrorResponses[413] },
    };
    scope.post(WEBHOOK_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT_BYTES, schema }, async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) {
        return reply.code(400).send({ error: 'missing_signature', message: 'Stripe-Signature header and body are required' });
      }
      let event: Stripe.Event;
      try {
        event = deps.stripe.webhooks.constructEvent(
          request.body,
          signature,
          deps.webhookSecret,
          WEBHOOK_TOLERANCE_SECONDS,
          undefined,
          now().getTime(),
        );
      } catch {
        request.log.warn('billing webhook: signature verification failed');
        return reply.code(400).send({ error: 'invalid_signature', message: 'webhook signature verification failed' });
      }

      const effect = extractEffect(event, { seatPriceId: deps.seatPriceId });
      if (effect.kind === 'ignore') {
        request.log.info({ eventId: event.id, type: event.type, reason: effect.reason }, 'billing webhook: ignored');
        return reply.code(200).send({ received: true, outcome: 'ignored' });
      }
      if (effect.kind === 'unusable') {
        // Well-signed but unusable: retrying cannot help, so acknowledge (and record if we can).
        request.log.warn({ eventId: effect.eventId.slice(0, 100), type: event.type, reason: effect.reason }, 'billing webhook: unusable event');
        if (!effect.recordable) return reply.code(200).send({ received: true, outcome: 'unusable' });
      }
      const observedAt = now().getTime();
      const result = await withTenantTx(deps.pool, effect.tenantId, async (client) => {
        const applied = await applyEffect(client, effect, event.type, { observedAt });
        if (applied.outcome === 'applied' && applied.change && deps.onChange) {
          await deps.onChange(client, effect.tenantId, applied.change, event);
        }
        return applied;
      });
      if ((result.outcome === 'applied' || result.outcome === 'duplicate') && result.reread !== undefined) {
        await settleByRereading(deps, effect.tenantId, result.reread, event, request.log);
      }
      request.log.info({ eventId: event.id, type: event.type, outcome: result.outcome }, 'billing webhook');
      return reply.code(200).send({ received: true, outcome: result.outcome });
    });
  });
}

/**
 * Same-second events the subscription's own state cannot order: re-read the subscription
 * from Stripe (outside any transaction: no connection is held during the request) and
 * apply what it says. Throws 503 when Stripe cannot be asked.
 */
async function settleByRereading(
  deps: WebhookDeps,
  tenantId: string,
  subscriptionId: string,
  event: Stripe.Event,
  log: FastifyBaseLogger,
): Promise<void> {
  const read = await rereadSubscription(deps.stripe, subscriptionId, deps.seatPriceId, deps.now ?? (() => new Date()));
  if (!read.ok) {
    log.warn({ eventId: event.id, reason: read.reason }, 'billing webhook: re-read unusable; state left as it was');
    return;
  }
  await withTenantTx(deps.pool, tenantId, async (client) => {
    const { change } = await applyRead(client, tenantId, read.value);
    if (change && deps.onChange) await deps.onChange(client, tenantId, change, event);
  });
}
