import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import packageJson from '../../package.json' with { type: 'json' };
import { callNames, eventNames } from '../../src-shared/contract/ipc-contract';

test('moves through the frame, reads the version over IPC, and follows connectivity', async ({ appPage: page, cloud }, testInfo) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
  await expect(page.getByTestId('connectivity')).toContainText('Online');

  for (const view of ['Outbox', 'Team', 'Settings', 'Leads'] as const) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view }).click();
    await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
    await expect(page.getByRole('link', { name: view })).toHaveAttribute('aria-current', 'page');
  }

  // Keyboard: on a fresh page the skip link comes first, then the navigation.
  await page.reload();
  // Tab only once the frame is drawn: pressed earlier, it lands on the empty page.
  await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('app-version')).toHaveText(new RegExp(packageJson.version.replace(/\./g, '\\.')));

  const dir = path.join('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `settings-${testInfo.project.name}.png`) });

  await cloud.down();
  await expect(page.getByTestId('connectivity')).toContainText('Offline');
  await page.screenshot({ path: path.join(dir, `offline-${testInfo.project.name}.png`) });
});

test('the window.leadpulse bridge is narrow and validates arguments in main', async ({ appPage: page }) => {
  const shape = await page.evaluate(() => {
    const api = (window as unknown as { leadpulse: Record<string, Record<string, unknown>> }).leadpulse;
    return Object.fromEntries(Object.entries(api).map(([area, fns]) => [area, Object.keys(fns).sort()]));
  });
  // Exactly the contract: one function per call, one subscriber per event, nothing else.
  const expected: Record<string, string[]> = {};
  for (const name of callNames) (expected[name.split('.')[0]!] ??= []).push(name.split('.')[1]!);
  for (const name of eventNames) {
    const [area, verb] = name.split('.') as [string, string];
    (expected[area] ??= []).push(`on${verb[0]!.toUpperCase()}${verb.slice(1)}`);
  }
  for (const list of Object.values(expected)) list.sort();
  expect(shape).toEqual(expected);
  expect(shape.app).toEqual(['getInfo', 'openExternal', 'reportRendererError']);
  const refused = await page.evaluate(async () => {
    const api = (window as unknown as { leadpulse: { app: { openExternal(a: unknown): Promise<unknown> } } }).leadpulse;
    return [await api.app.openExternal({ url: 'file:///etc/passwd' }), await api.app.openExternal({ url: 42 })];
  });
  expect(refused).toMatchObject([
    { ok: false, error: { code: 'handler-failed' } },
    { ok: false, error: { code: 'bad-arguments', fields: ['url'] } },
  ]);
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
});

test('main opens the encrypted store with the OS keychain and answers named queries', async ({ appPage: page }) => {
  const answers = await page.evaluate(async () => {
    type Api = {
      settings: { getLocalDataStatus(a: object): Promise<{ ok: boolean; value?: { state: string } }> };
      leads: { listInbox(a: object): Promise<{ ok: boolean; value?: { leads: unknown[]; nextCursor: string | null } }> };
    };
    const api = (window as unknown as { leadpulse: Api }).leadpulse;
    let status = await api.settings.getLocalDataStatus({});
    for (let i = 0; i < 50 && status.value?.state === 'opening'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await api.settings.getLocalDataStatus({});
    }
    return { status, page: await api.leads.listInbox({ limit: 20 }) };
  });
  expect(answers.status).toMatchObject({ ok: true, value: { state: 'ready' } });
  expect(answers.page.ok).toBe(true);
  expect(answers.page.value?.leads).toHaveLength(20);
  expect(answers.page.value?.nextCursor).not.toBeNull();
});
