import { FakeStripeError, invalidParam, missingParam, noSuch } from './fake-stripe-errors.js';
import { obj, str, stringRecord, type FormValue } from './form.js';
import { eventObject, stripeId, subscriptionObject, type FakeSubscriptionFields } from './stripe-objects.js';

type Params = Record<string, FormValue>;
type Json = Record<string, unknown>;

type FakeSubscription = FakeSubscriptionFields & { cancelAtPeriodEnd: boolean };

const now = (): number => Math.floor(Date.now() / 1000);

/** The objects behind the fake server, plus helpers that play Stripe's side of a lifecycle. */
export class FakeStripeResources {
  readonly customers = new Map<string, Json>();
  readonly checkoutSessions = new Map<string, Json>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  readonly portalSessions = new Map<string, Json>();

  constructor(readonly prices: readonly string[]) {}

  route(method: string, path: string, params: Params, baseUrl: string): Json {
    const [, version, resource, id, extra] = path.split('/');
    if (version !== 'v1') throw unrecognized(method, path);
    if (method === 'POST' && resource === 'checkout' && id === 'sessions' && extra === undefined) {
      return this.createCheckoutSession(params, baseUrl);
    }
    if (method === 'POST' && resource === 'billing_portal' && id === 'sessions' && extra === undefined) {
      return this.createPortalSession(params, baseUrl);
    }
    if (method === 'POST' && resource === 'customers' && id === undefined) return this.createCustomer(params);
    if (method === 'GET' && resource === 'customers' && id !== undefined) {
      return this.customers.get(id) ?? throwError(noSuch('customer', id));
    }
    if (method === 'GET' && resource === 'subscriptions' && id !== undefined) {
      const sub = this.subscriptions.get(id) ?? throwError(noSuch('subscription', id));
      return subscriptionObject(sub);
    }
    if (method === 'GET' && resource === 'checkout' && id === 'sessions' && extra !== undefined) {
      return this.checkoutSessions.get(extra) ?? throwError(noSuch('checkout.session', extra));
    }
    throw unrecognized(method, path);
  }

  private createCustomer(params: Params): Json {
    const customer = { id: stripeId('cus'), object: 'customer', created: now(), email: str(params.email) ?? null, metadata: stringRecord(params.metadata), livemode: false };
    this.customers.set(customer.id, customer);
    return customer;
  }

  private createCheckoutSession(params: Params, baseUrl: string): Json {
    const mode = str(params.mode) ?? throwError(missingParam('mode'));
    if (!['payment', 'setup', 'subscription'].includes(mode)) throw invalidParam('mode', `Invalid mode: must be one of payment, setup, or subscription`);
    const successUrl = str(params.success_url) ?? throwError(missingParam('success_url'));
    const items = params.line_items;
    if (mode !== 'setup' && (!Array.isArray(items) || items.length === 0)) throw missingParam('line_items');
    const lineItems = (Array.isArray(items) ? items : []).map((raw, i) => {
      const item = obj(raw) ?? {};
      const price = str(item.price) ?? throwError(missingParam(`line_items[${i}][price]`));
      if (!this.prices.includes(price)) throw noSuch('price', price, `line_items[${i}][price]`);
      const quantity = Number(str(item.quantity) ?? '1');
      if (!Number.isInteger(quantity) || quantity < 1) {
        throw invalidParam(`line_items[${i}][quantity]`, 'This value must be greater than or equal to 1.');
      }
      return { price, quantity };
    });
    const customer = str(params.customer);
    if (customer !== undefined && !this.customers.has(customer)) throw noSuch('customer', customer, 'customer');
    const id = stripeId('cs_test');
    const session: Json = {
      id,
      object: 'checkout.session',
      mode,
      status: 'open',
      url: `${baseUrl}/c/pay/${id}`,
      success_url: successUrl,
      cancel_url: str(params.cancel_url) ?? null,
      client_reference_id: str(params.client_reference_id) ?? null,
      customer: customer ?? null,
      metadata: stringRecord(params.metadata),
      subscription: null,
      created: now(),
      livemode: false,
      // Not part of Stripe's response; kept for completeCheckout().
      _line_items: lineItems,
      _subscription_data: obj(params.subscription_data) ?? {},
    };
    this.checkoutSessions.set(id, session);
    return publicView(session);
  }

  private createPortalSession(params: Params, baseUrl: string): Json {
    const customer = str(params.customer) ?? throwError(missingParam('customer'));
    if (!this.customers.has(customer)) throw noSuch('customer', customer, 'customer');
    const id = stripeId('bps');
    const session = { id, object: 'billing_portal.session', customer, url: `${baseUrl}/p/session/${id}`, return_url: str(params.return_url) ?? null, created: now(), livemode: false };
    this.portalSessions.set(id, session);
    return session;
  }

  /**
   * The customer pays (or starts the trial) on the Checkout page: creates the customer
   * and subscription and returns the events Stripe would send, in Stripe's order.
   */
  completeCheckout(sessionId: string, at: number = now()): { subscriptionId: string; customerId: string; events: Json[] } {
    const session = this.checkoutSessions.get(sessionId) ?? throwError(noSuch('checkout.session', sessionId));
    const customerId = (session.customer as string | null) ?? this.createCustomer({}).id as string;
    const subData = session._subscription_data as Params;
    const lineItems = session._line_items as Array<{ price: string; quantity: number }>;
    const first = lineItems[0] ?? throwError(missingParam('line_items'));
    const sub: FakeSubscription = {
      id: stripeId('sub'),
      customer: customerId,
      status: str(subData.trial_period_days) ? 'trialing' : 'active',
      seats: first.quantity,
      priceId: first.price,
      created: at,
      metadata: stringRecord(subData.metadata),
      cancelAtPeriodEnd: false,
    };
    this.subscriptions.set(sub.id, sub);
    Object.assign(session, { status: 'complete', customer: customerId, subscription: sub.id });
    return {
      subscriptionId: sub.id,
      customerId,
      events: [
        eventObject('customer.subscription.created', subscriptionObject(sub), at),
        eventObject('checkout.session.completed', publicView(session), at),
      ],
    };
  }

  /** Sets a subscription as Stripe holds it now (what GET /v1/subscriptions/:id answers). */
  putSubscription(fields: FakeSubscriptionFields): void {
    this.subscriptions.set(fields.id, { cancelAtPeriodEnd: false, ...fields });
  }

  /** A change on Stripe's side (payment failed/recovered, seats changed in the portal, cancel). */
  changeSubscription(id: string, change: { status?: string; seats?: number }, at: number = now()): Json {
    const sub = this.subscriptions.get(id) ?? throwError(noSuch('subscription', id));
    Object.assign(sub, change.status !== undefined && { status: change.status }, change.seats !== undefined && { seats: change.seats });
    const type = sub.status === 'canceled' ? 'customer.subscription.deleted' : 'customer.subscription.updated';
    return eventObject(type, subscriptionObject(sub), at);
  }
}

function publicView(session: Json): Json {
  return Object.fromEntries(Object.entries(session).filter(([k]) => !k.startsWith('_')));
}

function unrecognized(method: string, path: string): FakeStripeError {
  return new FakeStripeError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

function throwError(error: FakeStripeError): never {
  throw error;
}
