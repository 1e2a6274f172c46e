import type { WebSocketRoute } from '@playwright/test';
import type { SessionState } from '../../src-shared/contract/areas/session';
import { HTTPS_REQUIRED_MESSAGE } from '../../src-main/core/cloud/errors';
import { cloudRequest, cloudSessionFor } from '../../src-main/core/session/testing/oidc-stack';
import { expectNoSeriousA11yViolations } from './axe';
import { expect, test as appTest, sessionTest, startSignInStack, type SignInStack } from './fixtures';

/**
 * The Team screens need Alex as an admin and Morgan as a manager; session.spec.ts starts from
 * Alex and Casey with no dealership. Overriding the worker's cloud gives this file a worker and
 * a cloud of its own, so the order the files run in does not matter.
 */
const test = sessionTest.extend<object, { signInStack: SignInStack }>({
  signInStack: [startSignInStack, { scope: 'worker', timeout: 120_000 }],
});

// axe-core on every main screen and dialog the e2e can reach: no serious or critical violation.
// Screenshots land in test-results/e2e/a11y/<screen>.png. The Outbox with replies waiting and
// failed is checked in outbox.spec.ts (it writes them into the store).

appTest('leads, search, a lead, the outbox, settings and its dialog, and the inbox in a narrow window have no serious accessibility problems', async ({ appPage: page }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const inbox = page.getByRole('listbox', { name: 'Lead inbox' });
  await expect(inbox.getByRole('option').first()).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');
  await expectNoSeriousA11yViolations(page, 'inbox');

  // Each status pill on its own list (the demo leads have every status). The chips add up, so
  // each one is chosen alone after "All".
  const statuses = page.getByRole('group', { name: 'Status' });
  for (const status of ['New', 'Contacted', 'Appointment', 'Sold', 'Lost']) {
    await statuses.getByRole('button', { name: 'All' }).click();
    await statuses.getByRole('button', { name: status, exact: true }).click();
    await expect(inbox.getByRole('option').first()).toHaveAccessibleName(new RegExp(`, ${status}$`));
    await expectNoSeriousA11yViolations(page, `inbox-${status.toLowerCase()}`);
  }
  await statuses.getByRole('button', { name: 'All' }).click();

  const name = (await inbox.locator('[role="option"][aria-posinset="3"] .lead-row__name').textContent()) ?? '';
  await inbox.locator('[role="option"][aria-posinset="3"]').click();
  await expect(page.getByRole('article', { name }).getByRole('heading', { level: 2, name })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'lead-detail');

  await page.getByRole('searchbox', { name: 'Search leads' }).fill(name);
  await expect(page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'search-results');

  await nav.getByRole('link', { name: /^Outbox/ }).click();
  await expect(page.getByText('Nothing waiting to send')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'outbox-empty');

  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('app-version')).not.toHaveText('…');
  await expectNoSeriousA11yViolations(page, 'settings');
  await page.getByRole('button', { name: 'Remove all local data…' }).click();
  await expect(page.getByRole('dialog', { name: 'Remove all LeadPulse data from this computer?' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'remove-local-data-dialog');
  await page.keyboard.press('Escape');

  // A narrow window: the navigation is icons only, the badge a small count at the icon's corner.
  await page.setViewportSize({ width: 640, height: 720 });
  await nav.getByRole('link', { name: /^Leads/ }).click();
  await expect(inbox.getByRole('option').first()).toBeVisible();
  await expect(nav.getByRole('link', { name: /^Leads \d+ new$/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'inbox-narrow');
});

test('Team signed out, signing in, as admin with the remove dialog, as manager, and access ended have no serious accessibility problems', async ({ signInApp, signInStack }) => {
  const { page, context } = signInApp;
  const { cloud, sim } = signInStack;
  const nav = page.getByRole('navigation', { name: 'Main' });
  // This test's own dealership: Alex admin, Morgan a member (manager), Riley invited.
  const admin = await cloudSessionFor(cloud.url, sim.issuers.google, 'alex.admin@sunsethonda.example');
  const dealership = (await (await cloudRequest(cloud.url, admin.accessToken, 'POST', '/v1/dealerships', { name: 'Harbor Kia' })).json()) as { id: string };
  const invite = (email: string, role: string) => cloudRequest(cloud.url, admin.accessToken, 'POST', `/v1/dealerships/${dealership.id}/invitations`, { email, role });
  expect((await invite('morgan.manager@sunsethonda.example', 'manager')).status).toBe(201);
  await cloudSessionFor(cloud.url, sim.issuers.google, 'morgan.manager@sunsethonda.example');
  expect((await invite('riley.rep@sunsethonda.example', 'rep')).status).toBe(201);

  await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
  await nav.getByRole('link', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to see your team' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-signed-out');

  // The provider's page stays open: the "finish in your browser" panel.
  await context.route(`${sim.issuers.google}/authorize**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Choose an account</h1>' }));
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  await expect(page.getByRole('heading', { name: 'Finish signing in with Google in your browser' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-signing-in');
  await page.getByRole('button', { name: 'Cancel' }).first().click();
  await expect(page.getByRole('heading', { name: 'Sign in to see your team' })).toBeVisible();
  await context.unroute(`${sim.issuers.google}/authorize**`);

  const signInAs = async (email: string, provider: 'Google' | 'Microsoft') => {
    await page.getByLabel('Work email (optional)').fill(email);
    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: `Sign in with ${provider}` }).click();
    const providerPage = await popup;
    await expect(providerPage.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
    await providerPage.close();
  };

  await signInAs('alex.admin@sunsethonda.example', 'Google');
  // Alex has more than one dealership in this cloud: the chooser.
  const choose = page.getByRole('button', { name: /Harbor Kia/ });
  const heading = page.getByRole('heading', { name: 'Harbor Kia team' });
  await expect(choose.or(heading).first()).toBeVisible();
  if (!(await heading.isVisible())) {
    await expectNoSeriousA11yViolations(page, 'team-chooser');
    await choose.click();
  }
  await expect(heading).toBeVisible();
  await expect(page.getByLabel('Role of morgan.manager@sunsethonda.example')).toHaveValue('manager');
  await expect(page.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: /riley\.rep@/ })).toBeVisible();
  // Joined and invited today, written as every date in the app is ("Dec 4, 2026" in en-US).
  const today = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date()));
  await expect(page.getByRole('row', { name: /morgan\.manager@/ }).getByRole('cell').nth(2)).toHaveText(today);
  await expect(page.getByRole('table', { name: 'Pending invitations' }).getByRole('row', { name: /riley\.rep@/ }).getByRole('cell').nth(2)).toHaveText(today);
  await expectNoSeriousA11yViolations(page, 'team-admin');

  await page.getByRole('button', { name: 'Remove morgan.manager@sunsethonda.example' }).click();
  const removeDialog = page.getByRole('dialog', { name: 'Remove morgan.manager@sunsethonda.example from Harbor Kia?' });
  await expect(removeDialog).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-remove-member-dialog');
  await removeDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(removeDialog).toBeHidden();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to see your team' })).toBeVisible();
  await signInAs('morgan.manager@sunsethonda.example', 'Microsoft');
  await expect(page.getByTestId('session-role')).toHaveText('Manager');
  await expect(page.getByRole('heading', { name: 'Harbor Kia team' })).toBeVisible();
  await expect(page.getByRole('row', { name: /alex\.admin@sunsethonda\.example Admin/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-manager');

  // The admin removes Morgan; Morgan's next cloud call shows that access ended.
  const { members } = (await (await cloudRequest(cloud.url, admin.accessToken, 'GET', `/v1/dealerships/${dealership.id}/members`)).json()) as {
    members: { userId: string; email: string }[];
  };
  const morgan = members.find((m) => m.email === 'morgan.manager@sunsethonda.example')!;
  expect((await cloudRequest(cloud.url, admin.accessToken, 'DELETE', `/v1/dealerships/${dealership.id}/members/${morgan.userId}`)).status).toBe(204);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Your access to Harbor Kia has ended' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'access-ended');
});

appTest('the offline top bar, and Team when the sign-in cannot be checked, the cloud refuses the setup, or signing in again failed, have no serious accessibility problems', async ({ appPage: page, cloud }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(page.getByRole('listbox', { name: 'Lead inbox' }).getByRole('option').first()).toBeVisible();
  await cloud.down();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');
  await expectNoSeriousA11yViolations(page, 'inbox-offline');
  await cloud.up(Number(new URL(cloud.url).port));
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'online');

  // Main's session answers as the session tests produce them, given to the page over its IPC socket.
  const signedIn: SessionState = {
    status: 'signed-in', provider: 'google', user: { id: 'u1', email: 'riley.rep@sunsethonda.example' }, memberships: [],
    dealership: null, offline: false,
  };
  let answer: (call: string) => unknown = () => undefined;
  await page.routeWebSocket(/\/ipc$/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const { id, call } = JSON.parse(typeof message === 'string' ? message : message.toString('utf8')) as { id: number; call: string };
      const result = answer(call);
      if (result === undefined) server.send(message);
      else ws.send(JSON.stringify({ id, result }));
    });
    server.onMessage((message) => ws.send(message));
  });
  const team = async () => {
    await page.reload();
    await nav.getByRole('link', { name: 'Team' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  };

  answer = (call) => (call === 'session.getState' ? { ok: false, error: { code: 'handler-failed', message: 'LeadPulse could not check your sign-in.' } } : undefined);
  await team();
  await expect(page.getByRole('main').getByRole('button', { name: 'Try again' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-session-unknown');

  answer = (call) => (call === 'session.getState' ? { ok: true, value: { ...signedIn, offline: true, cloudProblem: HTTPS_REQUIRED_MESSAGE } } : undefined);
  await team();
  await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'setup-problem');
  await expect(page.getByRole('region', { name: 'Team features are paused on this computer' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-cloud-problem');

  answer = (call) => (call === 'session.getState' ? { ok: true, value: { ...signedIn, message: 'The sign-in page was closed before it finished.' } } : undefined);
  await team();
  await expect(page.getByRole('region', { name: 'Signing in again did not finish' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Set up your dealership' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'team-dealership-setup');
});
