import { existsSync, readdirSync } from 'node:fs';
import { test, expect } from './fixtures';

// No reachable OS keychain (here: no D-Bus session, so no Secret Service). LeadPulse must say
// so plainly, open no database and store nothing: there is no plaintext fallback.
test.use({ hostEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/leadpulse-no-bus', DISPLAY: '' } });

test('without a keychain the app explains itself and writes no lead data', async ({ appPage: page }, testInfo) => {
  await expect(page.getByText(/LeadPulse can.t open its encrypted data on this computer/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/keychain/i).first()).toBeVisible();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/no-keychain.png' });

  const status = await page.evaluate(async () => {
    const api = (window as unknown as { leadpulse: { settings: { getLocalDataStatus(a: object): Promise<unknown> } } }).leadpulse;
    return api.settings.getLocalDataStatus({});
  });
  expect(status).toMatchObject({ ok: true, value: { state: 'unavailable' } });

  const dir = testInfo.annotations.find((a) => a.type === 'profile-dir')?.description ?? '';
  expect(dir).not.toBe('');
  const written = existsSync(dir) ? readdirSync(dir, { recursive: true }) : [];
  expect(written).toEqual([]);
});
