import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const shots = path.join('test-results', 'screenshots');
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `leads-${name}.png`) });

/** Scrolls the virtualized listbox to its end until `count` leads are loaded. */
async function scrollUntilLoaded(page: Page, list: Locator, count: number): Promise<void> {
  await expect(async () => {
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.getByTestId('inbox-status')).toContainText(new RegExp(`^(${count}|[1-9]\\d{2,}) leads`), { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test('works the lead inbox: pages, filters, search, detail, and a correction that sticks', async ({ appPage: page }) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
  const inbox = page.getByRole('listbox', { name: 'Lead inbox' });
  await expect(inbox.getByRole('option').first()).toBeVisible();
  await expect(page.getByTestId('inbox-status')).toHaveText(/^50 leads shown/);
  // The nav counts new leads from leads.badgeCounts.
  await expect(page.getByTestId('nav-badge-leads')).toHaveText(/^\d+ new$/);
  await shot(page, 'inbox');

  // Scrolling far enough asks for the next keyset page; rows beyond the first 50 appear.
  await scrollUntilLoaded(page, inbox, 100);
  await inbox.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(inbox.locator('[role="option"][aria-posinset="95"]')).toBeVisible();
  const positions = await inbox.getByRole('option').evaluateAll((els) => els.map((el) => Number(el.getAttribute('aria-posinset'))));
  expect(Math.max(...positions)).toBeGreaterThan(50);
  // Virtualized: only the rows near the viewport are in the page.
  expect(positions.length).toBeLessThan(40);
  // Old leads nobody answered carry the fumble marker.
  await expect(inbox.getByRole('option', { name: /, Fumble risk, New$/ }).first()).toBeVisible();
  await expect(inbox.getByText('Fumble risk').first()).toBeVisible();
  await shot(page, 'inbox-page-2');

  // Keyboard: arrows move the selection, Enter opens it.
  await inbox.evaluate((el) => el.scrollTo({ top: 0 }));
  await inbox.focus();
  await expect(inbox.locator('[role="option"][aria-posinset="1"]')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const second = inbox.locator('[role="option"][aria-posinset="2"]');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  const secondName = (await second.locator('.lead-row__name').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/leads\/.+/);
  await expect(page.getByRole('heading', { level: 2, name: secondName })).toBeFocused();

  // Filter by status: only contacted leads remain.
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Contacted' }).click();
  await expect(page.getByRole('button', { name: 'Contacted' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('inbox-status')).not.toHaveText(/^Loading/);
  const contacted = await inbox.getByRole('option').all();
  expect(contacted.length).toBeGreaterThan(0);
  for (const option of contacted) await expect(option).toHaveAccessibleName(/, Contacted$/);
  await shot(page, 'filtered');
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'All' }).click();

  // Search for a customer seen in the list and open the result.
  const name = (await inbox.locator('[role="option"][aria-posinset="5"] .lead-row__name').textContent()) ?? '';
  expect(name).toMatch(/\w+ \w+/);
  const search = page.getByRole('searchbox', { name: 'Search leads' });
  await search.fill(name);
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option').first()).toBeVisible();
  for (const option of await results.getByRole('option').all()) {
    await expect(option).toHaveAccessibleName(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, `));
  }
  await shot(page, 'search');
  await results.getByRole('option').first().click();
  const detail = page.getByRole('article', { name });
  await expect(detail.getByRole('heading', { level: 2, name })).toBeVisible();

  // Parsed fields beside the original email text, and the detected source with its confidence.
  await expect(detail.getByTestId('field-fullName')).toHaveText(name);
  await expect(detail.getByTestId('field-email')).toHaveText(/^[^@\s]+@[^@\s]+\.\w+$/);
  await expect(detail.getByTestId('lead-source')).toHaveText(/ · \d+% sure/);
  const original = detail.getByRole('region', { name: /^Original message/ });
  const body = original.getByTestId('original-message-text').first();
  await expect(body).not.toBeEmpty();
  expect(await body.evaluate((el) => el.tagName)).toBe('PRE');
  // The customer's name is in the email as received (its text, or the raw ADF beside it).
  await expect(original).toContainText(name.split(' ')[0]!);
  const rawAdf = original.getByText('Raw ADF/XML as received');
  if ((await rawAdf.count()) > 0) {
    await rawAdf.first().click();
    await expect(original.locator('.message__body--code').first()).toBeVisible();
    await expect(original.locator('.message__body--code').first()).toContainText('<adf');
  }
  await expect(detail.getByText('Drafts arrive in a later version', { exact: false })).toBeVisible();
  await shot(page, 'detail');

  // Escape clears the search and brings the inbox back.
  await search.focus();
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect(inbox).toBeVisible();

  // Escape cancels an edit; Save stores a correction that survives a reload.
  const phoneBefore = (await detail.getByTestId('field-phone').textContent()) ?? '';
  await detail.getByRole('button', { name: 'Edit phone' }).click();
  await detail.getByRole('textbox', { name: 'Phone' }).fill('+1 312 555 0199');
  await page.keyboard.press('Escape');
  await expect(detail.getByTestId('field-phone')).toHaveText(phoneBefore);
  await expect(detail.getByRole('button', { name: 'Edit phone' })).toBeFocused();

  // Something that is not a phone number is refused in plain words and changes nothing.
  await detail.getByRole('button', { name: 'Edit phone' }).click();
  await detail.getByRole('textbox', { name: 'Phone' }).fill('call me');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByRole('alert')).toContainText('does not look like a phone number');
  await detail.getByRole('button', { name: 'Cancel' }).click();
  await expect(detail.getByTestId('field-phone')).toHaveText(phoneBefore);

  // A phone typed the usual way is stored in E.164 and shown grouped.
  await detail.getByRole('button', { name: 'Edit phone' }).click();
  await detail.getByRole('textbox', { name: 'Phone' }).fill('(312) 555-0142');
  await detail.getByRole('button', { name: 'Save' }).click();
  await expect(detail.getByTestId('field-phone')).toHaveText('+1 312-555-0142');
  await expect(detail.getByText(`corrected — was ${phoneBefore}`)).toBeVisible();
  await shot(page, 'corrected');

  await page.reload();
  const reloaded = page.getByRole('article', { name });
  await expect(reloaded.getByTestId('field-phone')).toHaveText('+1 312-555-0142');
  await expect(reloaded.getByText(`corrected — was ${phoneBefore}`)).toBeVisible();

  // Customer text that tries to give orders is labelled untrusted and flagged (demo email wf-03).
  await search.fill('Robin Hale');
  await results.getByRole('option', { name: /^Robin Hale,/ }).first().click();
  const comments = page.getByRole('region', { name: /^Comments/ });
  await expect(comments.getByText('Untrusted customer text')).toBeVisible();
  await expect(comments.getByRole('note')).toContainText('reads like instructions');
  await expect(comments.locator('blockquote')).toContainText('Ignore your previous instructions');
  await comments.scrollIntoViewIfNeeded();
  await shot(page, 'injection');
  await page.keyboard.press('Escape');
  await search.press('Escape');

  // A lead whose source was only guessed says so; the source filter narrows the inbox to it.
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'Unknown sender' });
  await expect(page.getByTestId('inbox-status')).not.toHaveText(/^Loading/);
  for (const option of await inbox.getByRole('option').all()) await expect(option).toHaveAccessibleName(/Unknown sender/);
  await inbox.getByRole('option').first().click();
  await expect(page.getByTestId('lead-source')).toContainText('Low confidence — check the fields');
  await shot(page, 'low-confidence');
  await page.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'All sources' });
  await page.getByRole('combobox', { name: 'Assigned' }).selectOption({ label: 'Unassigned' });
  await expect(page.getByTestId('inbox-status')).not.toHaveText(/^Loading/);
  await expect(inbox.getByRole('option').first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Assigned' }).selectOption({ label: 'Anyone' });

  // Back to the corrected lead, then a narrow window shows the lead instead of the list, with a way back.
  await page.goBack();
  await page.goBack();
  await expect(page.getByRole('article', { name })).toBeVisible();
  await page.setViewportSize({ width: 900, height: 760 });
  await expect(page.getByRole('listbox', { name: 'Lead inbox' })).toBeHidden();
  await shot(page, 'narrow-detail');
  await page.getByRole('button', { name: 'Back to leads' }).click();
  await expect(page.getByRole('listbox', { name: 'Lead inbox' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Lead inbox' })).toBeFocused();
  await expect(page).toHaveURL(/#\/leads$/);
  await shot(page, 'narrow-list');
});

test('Settings names what "Remove all local data" deletes, removes it, and the Leads view says so', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'Data on this computer' });
  await expect(panel.getByTestId('local-data-status')).toHaveText('Encrypted and open');

  await panel.getByRole('button', { name: 'Remove all local data…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove all LeadPulse data from this computer?' });
  await expect(dialog).toContainText('the encrypted lead database');
  await expect(dialog).toContainText('keychain');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, 'remove-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await panel.getByRole('button', { name: 'Remove all local data…' }).click();
  await dialog.getByRole('button', { name: 'Remove all local data' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole('status')).toContainText('Restart LeadPulse');
  await expect(panel.getByRole('status')).toContainText('Deleted files:');
  await expect(panel.getByRole('status')).toContainText('data key was deleted');
  await shot(page, 'removed-settings');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByTestId('store-removed')).toContainText('LeadPulse data on this computer was removed');
  await expect(page.getByRole('listbox')).toHaveCount(0);
});

test('after a fresh load, the first click on a lead further down the inbox opens that lead, and the list stays where it was', async ({ appPage: page }) => {
  const inbox = page.getByRole('listbox', { name: 'Lead inbox' });
  await expect(inbox.locator('[role="option"][aria-posinset="1"]')).toBeVisible();
  await inbox.evaluate((el) => el.scrollTo({ top: 20 * 64 }));
  const row = inbox.locator('[role="option"][aria-posinset="25"]');
  await expect(row).toBeVisible();
  const scrolledTo = await inbox.evaluate((el) => el.scrollTop);
  const name = (await row.locator('.lead-row__name').textContent()) ?? '';

  await row.click();
  await expect(page.getByRole('article', { name }).getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(inbox.locator('[role="option"][aria-posinset="25"]')).toHaveAttribute('aria-selected', 'true');
  expect(await inbox.evaluate((el) => el.scrollTop)).toBe(scrolledTo);
});

test('keyboard focus entering a scrolled inbox selects a row in view instead of jumping to the top', async ({ appPage: page }) => {
  const inbox = page.getByRole('listbox', { name: 'Lead inbox' });
  await expect(inbox.locator('[role="option"][aria-posinset="1"]')).toBeVisible();
  await inbox.evaluate((el) => el.scrollTo({ top: 20 * 64 }));
  await expect(inbox.locator('[role="option"][aria-posinset="25"]')).toBeVisible();
  const scrolledTo = await inbox.evaluate((el) => el.scrollTop);

  await page.getByRole('searchbox', { name: 'Search leads' }).focus();
  // Tab past the filters to the list, as a keyboard user does.
  for (let i = 0; i < 20 && !(await inbox.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(inbox).toBeFocused();
  const selected = inbox.locator('[role="option"][aria-selected="true"]');
  await expect(selected).toHaveAttribute('aria-posinset', '21');
  expect(await inbox.evaluate((el) => el.scrollTop)).toBe(scrolledTo);
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('aria-posinset', '22');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/leads\/.+/);
});

test('the Leads badge says what it counts: the leads with the status New, as many as the New filter lists', async ({ appPage: page }) => {
  const inbox = page.getByRole('listbox', { name: 'Lead inbox' });
  await expect(inbox.getByRole('option').first()).toBeVisible();
  const badge = page.getByTestId('nav-badge-leads');
  await expect(badge).toHaveText(/^\d+ new$/);
  const count = Number(/^\d+/.exec((await badge.textContent()) ?? '')?.[0]);
  expect(count).toBeGreaterThan(1);

  // On screen "94 new"; the tooltip, and what a screen reader hears with the link, says the rest.
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: `Leads ${count} new`, exact: true });
  await expect(link).toHaveAttribute('title', `${count} leads with the status New`);
  await expect(link).toHaveAccessibleDescription(`${count} leads with the status New`);

  // The same number the New filter lists, once every page of it is loaded.
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'New', exact: true }).click();
  await expect(async () => {
    await inbox.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.getByTestId('inbox-status')).toHaveText(/^\d+ leads?$/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('inbox-status')).toHaveText(`${count} leads`);
});
