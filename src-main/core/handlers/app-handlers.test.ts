import { describe, expect, it } from 'vitest';
import { callNames } from '../../../src-shared/contract/ipc-contract';
import { createDispatcher, type CallHandlers } from '../ipc/dispatcher';
import { createMemoryLogger } from '../log/logger';
import { appHandlers } from './app-handlers';
import { createRendererErrorReporter } from './renderer-error-reports';

const platform = { host: 'browser-host' as const, electronVersion: null, openExternal: async () => false, openSignInPage: async () => false };

function setup(now: () => number = () => 0) {
  const log = createMemoryLogger();
  const unused = Object.fromEntries(callNames.map((name) => [name, () => { throw new Error(`${name} not used here`); }]));
  const handlers = { ...(unused as unknown as CallHandlers), ...appHandlers({ name: 'LeadPulse', version: '1.0.0' }, platform, log, now) };
  return { log, dispatcher: createDispatcher(handlers, log) };
}

const reports = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l.event).startsWith('renderer.'));

describe('app.reportRendererError', () => {
  it('writes the error name and view to main’s log at warn level', async () => {
    const { log, dispatcher } = setup();
    const result = await dispatcher.dispatch('app.reportRendererError', { name: 'TypeError', where: 'settings', handled: true });
    expect(result).toEqual({ ok: true, value: { logged: true } });
    expect(reports(log.lines)).toEqual([expect.objectContaining({ level: 'warn', event: 'renderer.screen-failed', error: 'TypeError', where: 'settings', handled: true })]);
  });

  it('refuses message-like, over-long or extra content before the handler runs', async () => {
    const { log, dispatcher } = setup();
    const bad: unknown[] = [
      { name: "Cannot read properties of null (reading 'email')", where: 'leads', handled: true },
      { name: 'Jane Doe', where: 'leads', handled: true },
      { name: 'jane@example.com', where: 'leads', handled: true },
      { name: 'E'.repeat(49), where: 'leads', handled: true },
      { name: 'Maria.Lopez.example.com', where: 'leads', handled: true },
      { name: 'Maria-Lopez', where: 'leads', handled: true },
      { name: 'maria', where: 'leads', handled: true },
      { name: 'Type_Error', where: 'leads', handled: true },
      { name: 'TypeError\nat render (app.js:1)', where: 'leads', handled: true },
      { name: '', where: 'leads', handled: true },
      { name: '1Error', where: 'leads', handled: true },
      { name: 'TypeError', where: 'Jane Doe lead page', handled: true },
      { name: 'TypeError', where: 'leads', handled: true, message: 'Jane Doe 555-0100' },
      { name: 'TypeError', where: 'leads', handled: true, stack: 'at x' },
      { name: 'TypeError', where: 'leads' },
    ];
    for (const args of bad) {
      const result = await dispatcher.dispatch('app.reportRendererError', args);
      expect(!result.ok && result.error.code, JSON.stringify(args)).toBe('bad-arguments');
    }
    expect(reports(log.lines)).toEqual([]);
    expect(log.lines.join('\n')).not.toMatch(/Jane|jane@|555-0100|Cannot read|at render|Maria|maria|Lopez/);
    // The longest admitted name is 48 characters; class names such as ChunkLoadError pass.
    for (const name of ['E'.repeat(48), 'ChunkLoadError', 'RangeError', 'Error']) {
      const admitted = await dispatcher.dispatch('app.reportRendererError', { name, where: 'unknown', handled: false });
      expect(admitted.ok, name).toBe(true);
    }
  });

  it('writes at most 10 reports a minute, then one line with the number suppressed', async () => {
    let t = 1_000_000;
    const { log, dispatcher } = setup(() => t);
    const send = () => dispatcher.dispatch('app.reportRendererError', { name: 'TypeError', where: 'leads', handled: true });
    const answers = [];
    for (let i = 0; i < 500; i++) {
      answers.push(await send());
      t += 50; // a render loop: 500 reports in 25 seconds
    }
    expect(answers.filter((a) => a.ok && (a.value as { logged: boolean }).logged)).toHaveLength(10);
    expect(reports(log.lines)).toHaveLength(10);

    t = 1_000_000 + 60_000;
    await send();
    const lines = reports(log.lines);
    expect(lines).toHaveLength(12);
    expect(lines[10]).toEqual(expect.objectContaining({ level: 'warn', event: 'renderer.errors-suppressed', count: 490 }));
    expect(lines[11]).toEqual(expect.objectContaining({ event: 'renderer.screen-failed' }));
  });
});

describe('renderer error reporter', () => {
  it('starts a new window a minute after the first report of the last one, and flushes a pending count', () => {
    let t = 0;
    const log = createMemoryLogger();
    const reporter = createRendererErrorReporter({ log, now: () => t, maxPerWindow: 2, windowMs: 60_000 });
    const r = { name: 'TypeError', where: 'team' as const, handled: false };
    expect([reporter.report(r), reporter.report(r), reporter.report(r)].map((x) => x.logged)).toEqual([true, true, false]);
    t = 59_999;
    expect(reporter.report(r).logged).toBe(false);
    reporter.flush();
    reporter.flush();
    expect(reports(log.lines).map((l) => [l.event, l.count])).toEqual([
      ['renderer.screen-failed', undefined],
      ['renderer.screen-failed', undefined],
      ['renderer.errors-suppressed', 2],
    ]);
    t = 60_000;
    expect(reporter.report(r).logged).toBe(true);
    expect(reports(log.lines)).toHaveLength(4);
  });
});
