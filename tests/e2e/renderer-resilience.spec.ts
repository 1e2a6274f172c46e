import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, WebSocketRoute } from '@playwright/test';
import { test, expect } from './fixtures';

const shots = path.join('test-results', 'screenshots');
mkdirSync(shots, { recursive: true });

interface Wire {
  /** Calls the page made, by name, in order. */
  readonly calls: string[];
}

interface Interception {
  /** May rewrite a call's answer before the page sees it. */
  readonly tamper?: (call: string, result: unknown, args: unknown) => unknown;
  /** Holds a call's answer back this long. */
  readonly delayMs?: (call: string, args: unknown) => number;
  /** Answers a call here, without main ever seeing it (undefined: pass it on). */
  readonly stub?: (call: string) => unknown;
}

/**
 * Puts Playwright between the page and the browser host's IPC socket: every call the page makes
 * is counted, and answers can be rewritten or held back. Reloads the page so the app starts on
 * the routed socket (the host token is kept in sessionStorage).
 */
async function routeIpc(page: Page, { tamper = (_call, result) => result, delayMs = () => 0, stub = () => undefined }: Interception = {}): Promise<Wire> {
  const wire: Wire = { calls: [] };
  await page.routeWebSocket(/\/ipc$/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    const asked = new Map<number, { call: string; args: unknown }>();
    ws.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      const parsed = JSON.parse(text) as { id: number; call: string; args: unknown };
      asked.set(parsed.id, parsed);
      wire.calls.push(parsed.call);
      const stubbed = stub(parsed.call);
      if (stubbed === undefined) server.send(message);
      else ws.send(JSON.stringify({ id: parsed.id, result: stubbed }));
    });
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      const parsed = JSON.parse(text) as { id?: number; result?: unknown };
      const call = parsed.id === undefined ? undefined : asked.get(parsed.id);
      if (call === undefined) return ws.send(text);
      const answer = JSON.stringify({ ...parsed, result: tamper(call.call, parsed.result, call.args) });
      setTimeout(() => ws.send(answer), delayMs(call.call, call.args));
    });
  });
  await page.reload();
  return wire;
}

// Main's log, copied to a file by the host (LEADPULSE_LOG_FILE): one per worker, read from its end.
const hostLog = path.join(os.tmpdir(), `lp-e2e-host-log-${process.pid}.jsonl`);
const hostLogLines = (): string[] => (existsSync(hostLog) ? readFileSync(hostLog, 'utf8').split('\n').filter(Boolean) : []);

test.describe(() => {
  test.use({ hostEnv: { LEADPULSE_LOG_FILE: hostLog } });
  test.afterAll(() => rmSync(hostLog, { force: true }));

  test('a view that fails to draw shows a plain message, keeps the navigation, and logs only the error name', async ({ appPage: page }) => {
    const logStart = hostLogLines().length;
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    // The first app.getInfo answer is malformed (an object where text belongs): the About panel cannot draw it.
    let broken = 0;
    await routeIpc(page, { tamper: (call, result) => {
      if (call !== 'app.getInfo' || broken++ > 0) return result;
      const ok = result as { ok: true; value: Record<string, unknown> };
      return { ...ok, value: { ...ok.value, name: { customer: 'Jane Private 555-0100' } } };
    } });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();

    const fallback = page.getByRole('heading', { level: 1, name: 'Something went wrong on this screen' });
    await expect(fallback).toBeVisible();
    await page.screenshot({ path: path.join(shots, 'error-view.png') });
    await expect(page.getByRole('main')).not.toContainText('Jane Private');
    await expect(page.getByRole('main')).not.toContainText(/Objects are not valid|at \w+ \(/);
    expect(warnings.join('\n')).toContain('(Error)');
    expect(warnings.join('\n')).not.toMatch(/Jane|Objects are not valid|customer/);

    // The rest of the window still works, and the next visit to the view starts fresh.
    await page.getByRole('link', { name: 'Leads' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('app-version')).not.toHaveText('…');

    // The renderer's console reaches no one in Electron: main logged the failure, by name and view only.
    await expect.poll(() => hostLogLines().slice(logStart).filter((l) => l.includes('"renderer.screen-failed"'))).toHaveLength(1);
    const written = hostLogLines().slice(logStart);
    const report = JSON.parse(written.find((l) => l.includes('"renderer.screen-failed"'))!) as Record<string, unknown>;
    expect(report).toEqual(expect.objectContaining({ level: 'warn', error: 'Error', where: 'settings', handled: true }));
    expect(written.join('\n')).not.toMatch(/Jane|555-0100|Objects are not valid|customer/);
  });
});

test('Try again draws the view again', async ({ appPage: page }) => {
  let broken = 0;
  await routeIpc(page, { tamper: (call, result) => {
    if (call !== 'app.getInfo' || broken++ > 0) return result;
    const ok = result as { ok: true; value: Record<string, unknown> };
    return { ...ok, value: { ...ok.value, name: { x: 1 } } };
  } });
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong on this screen' })).toBeFocused();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByTestId('app-version')).not.toHaveText('…');
});

test('a failure outside the views shows the whole-window message with Reload', async ({ appPage: page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  // A signed-in session without a user: the top bar cannot draw who is signed in.
  await routeIpc(page, {
    tamper: (call, result) =>
      call === 'session.getState' ? { ok: true, value: { status: 'signed-in', user: null, memberships: [], dealership: null, provider: 'google', offline: false } } : result,
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong on this screen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reload LeadPulse' })).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'error-window.png') });
  expect(warnings.join('\n')).toContain('(TypeError)');
  // Reload asks main again; the page comes back (the tampering stays, so the message does too).
  await page.getByRole('button', { name: 'Reload LeadPulse' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong on this screen' })).toBeVisible();
});

const count = (wire: Wire, call: string) => wire.calls.filter((c) => c === call).length;

test('with Settings open, the badge counts are asked once, then once per change in the store, never on a timer', async ({ appPage: page }) => {
  await page.clock.install();
  const wire = await routeIpc(page);
  await expect(page.getByTestId('nav-badge-leads')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('local-data-status')).toHaveText('Encrypted and open');
  // Opening Settings shares the navigation's counts instead of asking again.
  await page.waitForTimeout(300);
  expect(count(wire, 'leads.badgeCounts')).toBe(1);

  // Minutes pass without a change: nothing is asked (the badges used to poll every 30 s).
  await page.clock.runFor(5 * 60_000);
  await page.waitForTimeout(500);
  expect(count(wire, 'leads.badgeCounts')).toBe(1);

  // A change in the store (a rep's correction): main says leads.changed, and the shared feed asks once more.
  await page.evaluate(async () => {
    type Api = { leads: { listInbox(a: object): Promise<{ value: { leads: { id: string }[] } }>; correctField(a: object): Promise<unknown> } };
    const api = (window as unknown as { leadpulse: Api }).leadpulse;
    const [lead] = (await api.leads.listInbox({ limit: 1 })).value.leads;
    await api.leads.correctField({ id: lead!.id, field: 'vehicle', value: 'Used 2021 Honda CR-V EX' });
  });
  await expect.poll(() => count(wire, 'leads.badgeCounts')).toBe(2);
  await page.waitForTimeout(500);
  expect(count(wire, 'leads.badgeCounts')).toBe(2);
});

test('a slow answer to an earlier search never replaces the latest one', async ({ appPage: page }) => {
  const isSlow = (call: string, args: unknown) => call === 'leads.search' && (args as { query?: string }).query === 'Robin';
  const wire = await routeIpc(page, {
    delayMs: (call, args) => (isSlow(call, args) ? 1_500 : 0),
    // Were it shown, the slow answer would read "First 0 matches".
    tamper: (call, result, args) => (isSlow(call, args) ? { ok: true, value: { leads: [], truncated: true } } : result),
  });
  const search = page.getByRole('searchbox', { name: 'Search leads' });
  await search.fill('Robin');
  await expect.poll(() => count(wire, 'leads.search')).toBe(1);
  await search.fill('Robin Hale');
  const status = page.getByTestId('inbox-status');
  await expect(status).toHaveText(/^[1-9]\d* match(es)? for “Robin Hale”/);
  await page.waitForTimeout(2_000);
  await expect(status).toHaveText(/^[1-9]\d* match(es)? for “Robin Hale”/);
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option', { name: /^Robin Hale,/ }).first()).toBeVisible();
});

const failed = (message: string) => ({ ok: false, error: { code: 'handler-failed', message } });

/** Fails the first `times` answers to `name` with a plain message; passes the rest through. */
function failFirst(name: string, times: number, message: string): (call: string, result: unknown) => unknown {
  let seen = 0;
  return (call, result) => (call === name && seen++ < times ? failed(message) : result);
}

test('a lead that cannot be opened offers Try again and a way back, even in a narrow window', async ({ appPage: page }) => {
  await page.setViewportSize({ width: 900, height: 720 });
  await routeIpc(page, { tamper: failFirst('leads.getDetail', 2, 'LeadPulse could not read this lead.') });
  const inbox = page.getByRole('listbox', { name: 'Lead inbox' });
  await inbox.getByRole('option').first().click();
  await expect(page.getByRole('alert')).toHaveText('LeadPulse could not read this lead.');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('alert')).toHaveText('LeadPulse could not read this lead.');
  // The narrow layout shows the pane instead of the list: the way back is in the pane.
  await expect(inbox).toBeHidden();
  await page.getByRole('button', { name: 'Back to leads' }).click();
  await expect(inbox).toBeVisible();
  await expect(inbox).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeFocused();
  await expect(page.getByRole('button', { name: 'Close lead' })).toBeVisible();
});

test('an inbox or a search that fails says so instead of "Loading" or "0 matches", and can be tried again', async ({ appPage: page }) => {
  const inboxFails = failFirst('leads.listInbox', 1, 'The leads could not be read.');
  const searchFails = failFirst('leads.search', 1, 'Search is not available.');
  await routeIpc(page, { tamper: (call, result) => searchFails(call, inboxFails(call, result)) });
  const status = page.getByTestId('inbox-status');
  await expect(status).toHaveText('Leads could not be loaded');
  await expect(page.getByRole('listbox', { name: 'Lead inbox' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(status).toHaveText(/^50 leads shown/);

  await page.getByRole('searchbox', { name: 'Search leads' }).fill('Robin Hale');
  await expect(status).toContainText('Search for “Robin Hale” did not finish');
  await expect(page.getByRole('alert')).toHaveText('Search is not available.');
  await expect(page.getByRole('listbox', { name: 'Search results' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(status).toHaveText(/^[1-9]\d* match(es)? for “Robin Hale”/);
});

test('Remove all local data counts failed replies among those that would be lost', async ({ appPage: page }) => {
  await routeIpc(page, {
    tamper: (call, result) =>
      call === 'leads.badgeCounts' ? { ok: true, value: { newLeads: 4, unassigned: 0, mine: 0, outboxPending: 1, outboxFailed: 2 } } : result,
  });
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('local-data-status')).toHaveText('Encrypted and open');
  await page.getByRole('button', { name: 'Remove all local data…' }).click();
  await expect(page.getByRole('dialog')).toContainText('3 approved replies have not been sent yet and will be lost.');
  await page.getByRole('button', { name: 'Cancel' }).click();
});

test('cancelling a sign-in that cannot be cancelled says so', async ({ appPage: page }) => {
  await routeIpc(page, {
    tamper: (call, result) => (call === 'session.getState' ? { ok: true, value: { status: 'signing-in', provider: 'google' } } : result),
    // Main never hears of it, so no session change arrives to replace the panel.
    stub: (call) => (call === 'session.cancelSignIn' ? failed('LeadPulse could not stop the sign-in.') : undefined),
  });
  await page.getByRole('link', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { name: 'Finish signing in with Google in your browser' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toHaveText('LeadPulse could not stop the sign-in.');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeEnabled();
});
