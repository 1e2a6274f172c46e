import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, UserFacingError, type CallHandlers } from './dispatcher';
import { createMemoryLogger } from '../log/logger';
import { callNames } from '../../../src-shared/contract/ipc-contract';

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  const unused = Object.fromEntries(callNames.map((name) => [name, () => { throw new Error(`${name} not used here`); }]));
  return {
    ...(unused as unknown as CallHandlers),
    'app.getInfo': vi.fn(() => ({ name: 'LeadPulse', version: '1.2.3', host: 'browser-host' as const, electronVersion: null, nodeVersion: '20' })),
    'app.openExternal': vi.fn(async ({ url }: { url: string }) => ({ opened: false, url })),
    'connectivity.getStatus': vi.fn(() => ({ online: true, checkedAt: null })),
    ...overrides,
  };
}

describe('dispatcher', () => {
  it('runs a valid call and returns the checked result', async () => {
    const h = handlers();
    const result = await createDispatcher(h, createMemoryLogger()).dispatch('app.getInfo', {});
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ version: '1.2.3' }) });
    expect(h['app.getInfo']).toHaveBeenCalledTimes(1);
  });

  it('rejects bad arguments before the handler runs, naming the fields', async () => {
    const h = handlers();
    const dispatcher = createDispatcher(h, createMemoryLogger());
    for (const bad of [{ url: 42 }, {}, { url: 'https://x.test', extra: true }, 'https://x.test', [1]]) {
      const result = await dispatcher.dispatch('app.openExternal', bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('bad-arguments');
    }
    const named = await dispatcher.dispatch('app.openExternal', { url: 7 });
    expect(!named.ok && named.error.fields).toEqual(['url']);
    expect(h['app.openExternal']).not.toHaveBeenCalled();
  });

  it('refuses unknown calls, including prototype names', async () => {
    const h = handlers();
    const dispatcher = createDispatcher(h, createMemoryLogger());
    for (const name of ['app.deleteEverything', '__proto__', 'constructor', 'toString', 42, null]) {
      const result = await dispatcher.dispatch(name, {});
      expect(!result.ok && result.error.code).toBe('unknown-call');
    }
  });

  it('turns a thrown error into a user message without leaking its text', async () => {
    const log = createMemoryLogger();
    const h = handlers({ 'connectivity.getStatus': () => { throw new Error('maria@example.com token=abc'); } });
    const result = await createDispatcher(h, log).dispatch('connectivity.getStatus', {});
    expect(!result.ok && result.error.code).toBe('handler-failed');
    expect(JSON.stringify(result)).not.toContain('maria@example.com');
    expect(log.lines.join('\n')).not.toContain('maria@example.com');
  });

  it('passes a UserFacingError message through', async () => {
    const h = handlers({ 'connectivity.getStatus': () => { throw new UserFacingError('Link your mailbox first.'); } });
    const result = await createDispatcher(h, createMemoryLogger()).dispatch('connectivity.getStatus', {});
    expect(!result.ok && result.error.message).toBe('Link your mailbox first.');
  });

  it('refuses a handler result that breaks the contract', async () => {
    const h = handlers({ 'connectivity.getStatus': (() => ({ online: 'yes' })) as unknown as CallHandlers['connectivity.getStatus'] });
    const result = await createDispatcher(h, createMemoryLogger()).dispatch('connectivity.getStatus', {});
    expect(!result.ok && result.error.code).toBe('bad-result');
  });
});

describe('dispatcher warnings', () => {
  const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs an unknown call by shape and length only, never its text', async () => {
    const log = createMemoryLogger();
    const dispatcher = createDispatcher(handlers(), log);
    await dispatcher.dispatch('Maria Lopez 555-0100 maria@example.com', {});
    await dispatcher.dispatch('app.deleteEverything', {});
    await dispatcher.dispatch(42, {});
    expect(log.lines.join('\n')).not.toMatch(/Maria|555-0100|maria@|deleteEverything/);
    expect(parsed(log.lines).map(({ event, type, callNameShape, length }) => ({ event, type, callNameShape, length }))).toEqual([
      { event: 'ipc.unknown-call', type: 'string', callNameShape: false, length: 38 },
      { event: 'ipc.unknown-call', type: 'string', callNameShape: true, length: 20 },
      { event: 'ipc.unknown-call', type: 'number', callNameShape: undefined, length: undefined },
    ]);
  });

  it('writes at most 10 warnings a minute, then one line with the number suppressed', async () => {
    let t = 5_000;
    const log = createMemoryLogger();
    const h = handlers();
    const dispatcher = createDispatcher(h, log, { now: () => t });
    for (let i = 0; i < 300; i++) {
      const result = await (i % 2 ? dispatcher.dispatch('no.such', {}) : dispatcher.dispatch('app.openExternal', { url: 7 }));
      expect(result.ok).toBe(false); // refused all the same, logged or not
      t += 100;
    }
    expect(log.lines).toHaveLength(10);
    t = 5_000 + 60_000;
    await dispatcher.dispatch('no.such', {});
    const lines = parsed(log.lines);
    expect(lines).toHaveLength(12);
    expect(lines[10]).toEqual(expect.objectContaining({ level: 'warn', event: 'ipc.warnings-suppressed', count: 290 }));
    expect(lines[11]).toEqual(expect.objectContaining({ event: 'ipc.unknown-call' }));
  });

  it('does not rate-limit handler errors', async () => {
    const log = createMemoryLogger();
    const dispatcher = createDispatcher(handlers({ 'connectivity.getStatus': () => { throw new TypeError('x'); } }), log, { now: () => 0 });
    for (let i = 0; i < 12; i++) await dispatcher.dispatch('nope', {});
    await dispatcher.dispatch('connectivity.getStatus', {});
    expect(parsed(log.lines).at(-1)).toEqual(expect.objectContaining({ level: 'error', event: 'ipc.handler-failed', error: 'TypeError' }));
  });
});

describe('dispatcher log lines a token holder can cause', () => {
  const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('logs a refusal the user can act on at info, not as a handler failure, and passes its words on', async () => {
    const log = createMemoryLogger();
    const refuse = () => { throw new UserFacingError('The last admin cannot be demoted. Make someone else admin first.'); };
    const dispatcher = createDispatcher(handlers({ 'connectivity.getStatus': refuse }), log, { now: () => 0 });
    const result = await dispatcher.dispatch('connectivity.getStatus', {});
    expect(!result.ok && result.error.message).toContain('last admin');
    expect(parsed(log.lines)).toEqual([expect.objectContaining({ level: 'info', event: 'ipc.call-refused', name: 'connectivity.getStatus', error: 'UserFacingError' })]);
    expect(log.lines.join('')).not.toContain('last admin');
  });

  it('writes at most 10 refusals and 10 handler failures a minute, then one line with the count each', async () => {
    let t = 1_000;
    const log = createMemoryLogger();
    const dispatcher = createDispatcher(handlers({
      'connectivity.getStatus': () => { throw new UserFacingError('refused'); },
      'app.getInfo': () => { throw new TypeError('boom'); },
    }), log, { now: () => t });
    for (let i = 0; i < 200; i++) {
      await dispatcher.dispatch('connectivity.getStatus', {});
      await dispatcher.dispatch('app.getInfo', {});
      t += 100;
    }
    const during = parsed(log.lines);
    expect(during.filter((l) => l.event === 'ipc.call-refused')).toHaveLength(10);
    expect(during.filter((l) => l.event === 'ipc.handler-failed')).toHaveLength(10);
    t += 60_000;
    await dispatcher.dispatch('app.getInfo', {});
    await dispatcher.dispatch('connectivity.getStatus', {});
    const after = parsed(log.lines).slice(during.length);
    expect(after).toEqual([
      expect.objectContaining({ level: 'warn', event: 'ipc.errors-suppressed', count: 190 }),
      expect.objectContaining({ level: 'error', event: 'ipc.handler-failed' }),
      expect.objectContaining({ level: 'warn', event: 'ipc.warnings-suppressed', count: 190 }),
      expect.objectContaining({ level: 'info', event: 'ipc.call-refused' }),
    ]);
  });
});

describe('dispatcher argument checks', () => {
  it('refuses a dotted (domain-like) renderer error name before the handler runs', async () => {
    const log = createMemoryLogger();
    const report = vi.fn(() => ({ logged: true }));
    const dispatcher = createDispatcher(handlers({ 'app.reportRendererError': report }), log);
    const result = await dispatcher.dispatch('app.reportRendererError', { name: 'Maria.Lopez.example.com', where: 'leads', handled: true });
    expect(!result.ok && result.error.code).toBe('bad-arguments');
    expect(!result.ok && result.error.fields).toEqual(['name']);
    expect(report).not.toHaveBeenCalled();
    expect(log.lines.join('\n')).not.toContain('Maria');
  });
});
