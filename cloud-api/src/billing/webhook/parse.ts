import { z } from 'zod';

/**
 * The fields billing reads from a Stripe subscription, checked before use: a well-signed
 * event can still carry something billing cannot apply (no items, no customer, an id that
 * is not a subscription's). Such an event is "unusable": acknowledged and recorded, never
 * a 5xx (Stripe would retry it for days). Reasons name the field, never its value.
 */
const customerRef = z.union([
  z.string().startsWith('cus_'),
  z.object({ id: z.string().startsWith('cus_') }).transform((c) => c.id),
]);

const subscriptionSchema = z.object({
  id: z.string().startsWith('sub_'),
  customer: customerRef,
  status: z.string().min(1).max(64),
  created: z.number().int().nonnegative(),
  cancel_at_period_end: z.boolean().optional().default(false),
  /** On the subscription in API versions before 2025-03-31; on its items since. */
  current_period_end: z.number().int().nullish(),
  items: z.object({
    data: z.array(z.object({
      quantity: z.number().int().nonnegative().nullish(),
      price: z.object({ id: z.string() }),
      current_period_end: z.number().int().nullish(),
    })),
  }),
});

export type ParsedSubscription = z.infer<typeof subscriptionSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseSubscription(object: unknown): Parsed<ParsedSubscription> {
  return parsed(subscriptionSchema, object, 'subscription');
}

/** ms: the latest current_period_end of the seat items (or the subscription's); null if none. */
export function periodEndOf(sub: ParsedSubscription, seatPriceId: string): number | null {
  const ends = sub.items.data
    .filter((item) => item.price.id === seatPriceId)
    .map((item) => item.current_period_end)
    .filter((end): end is number => typeof end === 'number');
  const end = ends.length > 0 ? Math.max(...ends) : sub.current_period_end;
  return typeof end === 'number' ? end * 1000 : null;
}

/** The customer of a completed Checkout Session (null: not a subscription checkout). */
export function parseCustomer(value: unknown): Parsed<string> {
  return parsed(customerRef, value, 'checkout session customer');
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const fields = [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(object)'))];
  return { ok: false, reason: `unusable ${what}: missing or invalid ${fields.slice(0, 5).join(', ')}`.slice(0, 200) };
}

/** An event id billing can record (stripe_events.event_id is `evt_…`). */
export const isRecordableEventId = (id: unknown): id is string =>
  typeof id === 'string' && /^evt_[A-Za-z0-9_]{1,250}$/.test(id);
