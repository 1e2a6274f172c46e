import path from 'node:path';
import type { Page } from '@playwright/test';
import { createLogger } from '../../src-main/core/log/logger';
import { createOsKeychain } from '../../src-main/core/secrets/index';
import { approvalHashOf, openLocalStore, type LeadStore } from '../../src-main/core/store/index';
import { expectNoSeriousA11yViolations } from './axe';
import { test, expect } from './fixtures';

/**
 * Sending is not built yet, so nothing in the app puts a reply in the outbox: the test writes
 * rows straight into the profile's encrypted store (same keychain entry the host made), as the
 * crash writer does, while the browser host has it open.
 */
async function withProfileStore<T>(testInfo: { testId: string; annotations: { type: string; description?: string }[] }, work: (store: LeadStore) => T): Promise<T> {
  const dataDir = testInfo.annotations.find((a) => a.type === 'profile-dir')?.description ?? '';
  expect(dataDir).not.toBe('');
  const local = await openLocalStore({
    dataDir,
    keychain: createOsKeychain(),
    keychainService: `LeadPulse-e2e-${process.pid}-${testInfo.testId}`,
    log: createLogger(() => undefined),
  });
  try {
    return work(local.store);
  } finally {
    local.close();
  }
}

async function badgeNumber(page: Page): Promise<number> {
  const text = (await page.getByTestId('nav-badge-outbox').textContent()) ?? '';
  return Number(/^\d+/.exec(text.trim())?.[0] ?? NaN);
}

test('the Outbox lists exactly the replies its badge counts, each opening its lead', async ({ appPage: page }, testInfo) => {
  await expect(page.getByRole('listbox', { name: 'Lead inbox' }).getByRole('option').first()).toBeVisible();

  // Demo data queues nothing: no badge, and the honest empty state.
  await page.getByRole('link', { name: /^Outbox/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await expect(page.getByText('Nothing waiting to send')).toBeVisible();
  await expect(page.getByTestId('nav-badge-outbox')).toHaveCount(0);

  const queued = await withProfileStore(testInfo, (store) => {
    const leads = store.leads.listInbox({ limit: 3 }).leads;
    return leads.map((lead, i) => {
      const subject = `Re: your inquiry ${i + 1}`;
      const body = `Thanks for reaching out (${i + 1}).`;
      const draft = store.drafts.add({ leadId: lead.id, origin: 'manual', subject, body, createdBy: 'e2e' });
      store.drafts.approve(draft.id, approvalHashOf(subject, body), 'e2e');
      const id = store.outbox.enqueue({ draftId: draft.id, toAddress: `e2e-${i}@example.com`, internetMessageId: `<e2e-${i}-${draft.id}@lp.example.com>` }, 'e2e');
      return { id, leadId: lead.id, name: lead.customerName ?? 'Name not given', subject };
    });
  });
  expect(queued).toHaveLength(3);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  const rows = page.getByTestId('outbox-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('nav-badge-outbox')).toHaveText(/^3 waiting$/);
  expect(await badgeNumber(page)).toBe(await rows.count());
  await expect(page.getByText('Nothing waiting to send')).toHaveCount(0);
  await expect(page.getByTestId('outbox-status')).toHaveText(['Waiting to send', 'Waiting to send', 'Waiting to send']);
  // Newest first: the last one queued is on top, with its customer and subject.
  const newest = queued.at(-1)!;
  await expect(rows.first()).toContainText(newest.name);
  await expect(rows.first()).toContainText(newest.subject);
  await expect(rows.first()).toContainText(/Queued (just now|\d+ min ago)/);
  // Read-only: nothing to press but the lead itself.
  await expect(page.getByTestId('outbox-list').getByRole('button')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'outbox-waiting');

  // A failed reply: the badge shows the failures; the list says so in plain words.
  await withProfileStore(testInfo, (store) => {
    store.outbox.move(queued[0]!.id, { to: 'sending' });
    store.outbox.move(queued[0]!.id, { to: 'failed', error: 'e2e failure' });
  });
  await page.reload();
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('nav-badge-outbox')).toHaveText(/^1 failed$/);
  await expect(page.locator('[data-testid="outbox-row"][data-outbox-state="failed"]')).toHaveCount(await badgeNumber(page));
  await expect(page.getByTestId('outbox-status').filter({ hasText: 'Could not send' })).toHaveCount(1);
  await expect(page.getByTestId('outbox-summary')).toHaveText('2 replies waiting to send, 1 could not be sent.');
  const counts = await page.evaluate(async () => {
    const api = (window as unknown as { leadpulse: { leads: { badgeCounts(a: object): Promise<{ value: { outboxPending: number; outboxFailed: number } }> } } }).leadpulse;
    return (await api.leads.badgeCounts({})).value;
  });
  expect(counts.outboxPending + counts.outboxFailed).toBe(await rows.count());
  await page.screenshot({ path: path.join('test-results', 'screenshots', 'outbox-list.png') });
  await expectNoSeriousA11yViolations(page, 'outbox-failed');

  // A row opens its lead.
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/leads/${encodeURIComponent(newest.leadId)}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
  if (newest.name !== 'Name not given') await expect(page.getByRole('heading', { name: newest.name }).first()).toBeVisible();
});
