import { z } from 'zod';

/** Billing's request/response schemas (published in /openapi.json, shared with the desktop). */
export const billingParamsSchema = z.object({ dealershipId: z.uuid() });

export const billingStatusSchema = z.object({
  mode: z.enum(['full', 'grace', 'read-only']).describe('grace: full access with a banner until graceEndsAt'),
  seats: z.number().int().nullable().describe('paid seats; null = no limit'),
  seatsInUse: z.number().int().describe('members plus pending invitations'),
  banner: z.string().nullable(),
  status: z.string().nullable().describe("Stripe's subscription status; null when never subscribed"),
  graceEndsAt: z.iso.datetime().nullable(),
});
export type BillingStatusResponse = z.infer<typeof billingStatusSchema>;

export const checkoutRequestSchema = z.object({
  seats: z.number().int().min(1).max(1000).describe('seats to buy (members plus pending invitations)'),
});

export const checkoutResponseSchema = z.object({
  url: z.url().describe('Stripe Checkout page to open in the browser'),
  id: z.string(),
});

export const portalResponseSchema = z.object({
  url: z.url().describe('Stripe Customer Portal page (seats, card, invoices, cancel)'),
});

export const webhookResponseSchema = z.object({
  received: z.literal(true),
  outcome: z.enum(['applied', 'duplicate', 'ignored', 'unusable']),
});
