import type { Page, WebSocketRoute } from '@playwright/test';
import type { SessionState } from '../../src-shared/contract/areas/session';
import { test, expect } from './fixtures';

// Dead ends a BDC rep could hit: every failure here leaves a way to try again or to move on.

/**
 * Puts Playwright between the page and the browser host's IPC socket: `stub` answers a call
 * here (undefined: main answers it). Reloads so the app starts on the routed socket.
 */
async function routeIpc(page: Page, stub: (call: string) => unknown): Promise<void> {
  await page.routeWebSocket(/\/ipc$/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const { id, call } = JSON.parse(typeof message === 'string' ? message : message.toString('utf8')) as { id: number; call: string };
      const stubbed = stub(call);
      if (stubbed === undefined) server.send(message);
      else ws.send(JSON.stringify({ id, result: stubbed }));
    });
    server.onMessage((message) => ws.send(message));
  });
  await page.reload();
}

const failed = (message: string) => ({ ok: false, error: { code: 'handler-failed', message } });

/** Fails the first `times` calls to `name` with a plain message; main answers the rest. */
function failFirst(name: string, times: number, message: string): (call: string) => unknown {
  let seen = 0;
  return (call) => (call === name && seen++ < times ? failed(message) : undefined);
}

test('the About panel that could not read the version offers Try again', async ({ appPage: page }) => {
  await routeIpc(page, failFirst('app.getInfo', 1, 'Could not read the app version.'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const about = page.getByRole('region', { name: 'About' });
  await expect(about.getByRole('alert')).toHaveText('Could not read the app version.');
  await about.getByRole('button', { name: 'Try again' }).click();
  await expect(about.getByTestId('app-version')).not.toHaveText('…');
  await expect(about.getByRole('alert')).toHaveCount(0);
});

test('Team says the sign-in could not be checked and offers Try again', async ({ appPage: page }) => {
  await routeIpc(page, failFirst('session.getState', 1, 'LeadPulse could not check your sign-in.'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('LeadPulse could not check your sign-in.');
  await page.getByRole('main').getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to see your team' })).toBeVisible();
});

test('Team: a sign-in check that fails again says so and keeps Try again', async ({ appPage: page }) => {
  await routeIpc(page, failFirst('session.getState', 2, 'LeadPulse could not check your sign-in.'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  const retry = page.getByRole('main').getByRole('button', { name: 'Try again' });
  await retry.click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('LeadPulse could not check your sign-in.');
  await expect(retry).toBeEnabled();
  await retry.click();
  await expect(page.getByRole('heading', { name: 'Sign in to see your team' })).toBeVisible();
});

test('the revoked screen says when signing out failed, stays, and lets the rep try again', async ({ appPage: page }) => {
  const revoked: SessionState = {
    status: 'revoked', email: 'riley.rep@sunsethonda.example', dealershipName: 'Sunset Honda',
    message: 'An admin removed you from Sunset Honda.',
  };
  const signOutFails = failFirst('session.signOut', 1, 'LeadPulse could not sign you out.');
  let signedOut = false;
  await routeIpc(page, (call) => {
    if (call === 'session.getState' && !signedOut) return { ok: true, value: revoked };
    const stubbed = signOutFails(call);
    if (call === 'session.signOut' && stubbed === undefined) signedOut = true;
    return stubbed;
  });
  const screen = page.getByRole('alertdialog', { name: 'Your access to Sunset Honda has ended' });
  await expect(screen).toBeVisible();
  await screen.getByRole('button', { name: 'Sign in again' }).click();
  await expect(screen.getByRole('alert')).toHaveText('LeadPulse could not sign you out.');
  await expect(screen.getByRole('button', { name: 'Sign in again' })).toBeEnabled();
  await screen.getByRole('button', { name: 'Sign in again' }).click();
  await expect(screen).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Sign in to see your team' })).toBeVisible();
});

test('a dismissed re-sign-in failure stays dismissed when the rep comes back to Team', async ({ appPage: page }) => {
  const signedIn: SessionState = {
    status: 'signed-in', provider: 'google', user: { id: 'u1', email: 'riley.rep@sunsethonda.example' }, memberships: [],
    dealership: null, offline: false, message: 'The sign-in page was closed before it finished.',
  };
  await routeIpc(page, (call) => (call === 'session.getState' ? { ok: true, value: signedIn } : undefined));
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Team' }).click();
  const notice = page.getByRole('region', { name: 'Signing in again did not finish' });
  await expect(notice).toContainText('The sign-in page was closed before it finished.');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await nav.getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
  await nav.getByRole('link', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { name: 'Set up your dealership' })).toBeVisible();
  await expect(notice).toHaveCount(0);
});
