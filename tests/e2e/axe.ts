import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

const shots = path.join('test-results', 'e2e', 'a11y');

/** The impacts that fail a test; moderate and minor ones are not enforced (yet). */
const blocking = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.x A/AA and best-practice rules) on what the page shows now, saves a
 * full-page screenshot to test-results/e2e/a11y/<screen>.png for a person to look at, and fails
 * on any serious or critical violation, listing each with the elements it found.
 */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${screen}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => blocking.has(v.impact ?? ''));
  const report = serious.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`);
    const more = v.nodes.length > 5 ? [`    …and ${v.nodes.length - 5} more`] : [];
    return [`  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})`, ...nodes, ...more].join('\n');
  });
  expect(report, `axe found serious or critical violations on "${screen}":\n${report.join('\n')}`).toEqual([]);
}
