import { FakeStripe } from './fake-stripe.js';

/**
 * Development: runs the fake Stripe until interrupted and prints the settings that point
 * cloud-api at it. Opening a Checkout link "pays" and sends the events to
 * FAKE_STRIPE_WEBHOOK_URL (default http://127.0.0.1:8787/v1/billing/webhook).
 *   node --import tsx cloud-api/src/billing/testing/fake-stripe-main.ts   (not built into dist/)
 */
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_dev_fake';
const fake = await FakeStripe.start({
  webhook: { url: process.env.FAKE_STRIPE_WEBHOOK_URL ?? 'http://127.0.0.1:8787/v1/billing/webhook', secret },
});
process.stdout.write(
  [
    `STRIPE_SECRET_KEY=${fake.secretKey}`,
    `STRIPE_WEBHOOK_SECRET=${secret}`,
    'STRIPE_SEAT_PRICE_ID=price_seat',
    'STRIPE_API_HOST=127.0.0.1',
    `STRIPE_API_PORT=${fake.port}`,
    'STRIPE_API_PROTOCOL=http',
    '',
  ].join('\n'),
);
const stop = (): void => void fake.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
