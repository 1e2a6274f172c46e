import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { cloudRequest, cloudSessionFor } from '../../src-main/core/session/testing/oidc-stack';
import { expect, sessionTest as test, type SignInApp, type SignInStack } from './fixtures';

// Invitations never change a role without a word: the role picker starts over after each
// invitation, re-inviting a pending email with another role asks first, and an admin can
// revoke a pending invitation. Against the real cloud-api (embedded Postgres) and the
// provider simulator, in the browser host.

const dir = path.join('test-results', 'screenshots');
mkdirSync(dir, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(dir, `team-invitations-${name}.png`) });

/** Alex's own dealership for one test, created outside the app; Alex signs in and opens its Team view. */
async function adminOnTeam({ page, context }: SignInApp, { cloud, sim }: SignInStack, name: string) {
  const admin = await cloudSessionFor(cloud.url, sim.issuers.google, 'alex.admin@sunsethonda.example');
  const dealership = (await (await cloudRequest(cloud.url, admin.accessToken, 'POST', '/v1/dealerships', { name })).json()) as { id: string };
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
  await page.getByLabel('Work email (optional)').fill('alex.admin@sunsethonda.example');
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in with Google' }).click();
  const providerPage = await popup;
  await expect(providerPage.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  await providerPage.close();
  // With more than one dealership the desktop asks which one; choose this test's.
  const choose = page.getByRole('button', { name: new RegExp(name) });
  const heading = page.getByRole('heading', { name: `${name} team` });
  await expect(choose.or(heading).first()).toBeVisible();
  if (!(await heading.isVisible())) await choose.click();
  await expect(heading).toBeVisible();
  const pendingInCloud = async () =>
    (
      (await (await cloudRequest(cloud.url, admin.accessToken, 'GET', `/v1/dealerships/${dealership.id}/invitations`)).json()) as {
        invitations: { email: string; role: string }[];
      }
    ).invitations.map((i) => [i.email, i.role]);
  return { pendingInCloud };
}

async function sendInvitation(page: Page, email: string, role: 'rep' | 'manager' | 'admin') {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Send invitation' }).click();
}

test('the role picker starts over after an invitation; re-inviting with another role asks first, and only then changes it', async ({ signInApp, signInStack }) => {
  const { page } = signInApp;
  const { pendingInCloud } = await adminOnTeam(signInApp, signInStack, 'Maple Ford');
  const pending = page.getByRole('table', { name: 'Pending invitations' });
  const roleSelect = page.getByLabel('Role', { exact: true });

  // (a) Invited as Manager: the form is empty again and the role is back to Rep.
  await sendInvitation(page, 'jordan.new@sunsethonda.example', 'manager');
  await expect(page.getByRole('status').filter({ hasText: 'Invited' })).toContainText('Invited jordan.new@sunsethonda.example as Manager');
  await expect(roleSelect).toHaveValue('rep');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('');
  await expect(pending.getByRole('row', { name: /jordan\.new@sunsethonda\.example Manager/ })).toBeVisible();

  // (b) Jordan again, as Rep: the screen says what would change and changes nothing yet.
  await sendInvitation(page, 'jordan.new@sunsethonda.example', 'rep');
  const ask = page.getByRole('dialog', { name: 'jordan.new@sunsethonda.example was invited as Manager; invite as Rep instead?' });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('they join Maple Ford as a Rep instead of a Manager');
  await shot(page, 'role-differs');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  expect(await pendingInCloud()).toEqual([['jordan.new@sunsethonda.example', 'manager']]);
  await expect(pending.getByRole('row', { name: /jordan\.new@sunsethonda\.example Manager/ })).toBeVisible();

  // Asked again and confirmed: now it is Rep, said in the status line, and the form starts over.
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Invite as Rep' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Invited' })).toContainText('Invited jordan.new@sunsethonda.example as Rep');
  await expect(pending.getByRole('row', { name: /jordan\.new@sunsethonda\.example Rep/ })).toBeVisible();
  await expect(roleSelect).toHaveValue('rep');
  expect(await pendingInCloud()).toEqual([['jordan.new@sunsethonda.example', 'rep']]);
});

test('an admin revokes a pending invitation after a confirm; Cancel keeps it', async ({ signInApp, signInStack }) => {
  const { page } = signInApp;
  const { pendingInCloud } = await adminOnTeam(signInApp, signInStack, 'Maple Chevrolet');
  const pending = page.getByRole('table', { name: 'Pending invitations' });

  await sendInvitation(page, 'sky.new@sunsethonda.example', 'manager');
  await expect(pending.getByRole('row', { name: /sky\.new@sunsethonda\.example Manager/ })).toBeVisible();
  await sendInvitation(page, 'drew.new@sunsethonda.example', 'rep');
  await expect(pending.getByRole('row', { name: /drew\.new@sunsethonda\.example Rep/ })).toBeVisible();

  const revoke = pending.getByRole('button', { name: 'Revoke the invitation for sky.new@sunsethonda.example' });
  const confirm = page.getByRole('dialog', { name: 'Revoke the invitation for sky.new@sunsethonda.example?' });
  await revoke.click();
  await expect(confirm).toContainText('They were invited as a Manager. After this they do not join Maple Chevrolet when they sign in');
  await shot(page, 'revoke-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(await pendingInCloud()).toEqual([
    ['sky.new@sunsethonda.example', 'manager'],
    ['drew.new@sunsethonda.example', 'rep'],
  ]);

  await revoke.click();
  await confirm.getByRole('button', { name: 'Revoke invitation' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Revoked' })).toContainText('Revoked the invitation for sky.new@sunsethonda.example');
  await expect(pending.getByRole('row', { name: /sky\.new@sunsethonda\.example/ })).toHaveCount(0);
  await expect(pending.getByRole('row', { name: /drew\.new@sunsethonda\.example Rep/ })).toBeVisible();
  expect(await pendingInCloud()).toEqual([['drew.new@sunsethonda.example', 'rep']]);
  await shot(page, 'revoked');
});
