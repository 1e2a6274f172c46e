import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeadPulseBridge } from '../../../src-shared/contract/bridge';
import { errorName, logRenderError } from './log';

describe('render error log', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('names the kind of error only', () => {
    expect(errorName(new TypeError("Cannot read properties of null (reading 'email')"))).toBe('TypeError');
    expect(errorName(new RangeError('x'))).toBe('RangeError');
    const chunk = new Error('Loading chunk 7 failed');
    chunk.name = 'ChunkLoadError';
    expect(errorName(chunk)).toBe('ChunkLoadError');
    expect(errorName('Jane Doe 555-0100')).toBe('Error');
    for (const odd of ['Lead for Jane Doe <jane@example.com>', 'Maria.Lopez.example.com', 'maria', 'Type_Error', 'E'.repeat(49), '']) {
      const error = new Error('x');
      error.name = odd;
      expect(errorName(error), odd).toBe('Error');
    }
  });

  it('writes no message or stack, and warns when a boundary handled it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    logRenderError(new RangeError('Jane Doe, 555-0100'), true);
    logRenderError(new SyntaxError('jane@example.com'), false);
    expect(warn).toHaveBeenCalledExactlyOnceWith('LeadPulse: a screen could not be drawn (RangeError).');
    expect(error).toHaveBeenCalledExactlyOnceWith('LeadPulse: a screen could not be drawn (SyntaxError).');
  });

  it('reports the error name and the showing view to main, and nothing else', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reportRendererError = vi.fn(async () => ({ ok: true as const, value: { logged: true } }));
    vi.stubGlobal('window', { leadpulse: { app: { reportRendererError } } as unknown as LeadPulseBridge, location: { hash: '#/settings' } });
    logRenderError(new TypeError('Jane Doe, 555-0100'), true);
    expect(reportRendererError).toHaveBeenCalledExactlyOnceWith({ name: 'TypeError', where: 'settings', handled: true });
    expect(JSON.stringify(reportRendererError.mock.calls)).not.toContain('Jane');
  });

  it('keeps working when main cannot be told', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reportRendererError = vi.fn(async () => { throw new Error('socket closed'); });
    vi.stubGlobal('window', { leadpulse: { app: { reportRendererError } } as unknown as LeadPulseBridge, location: { hash: '' } });
    expect(() => logRenderError(new Error('x'), true)).not.toThrow();
    expect(reportRendererError).toHaveBeenCalledWith({ name: 'Error', where: 'leads', handled: true });
    await Promise.resolve();
    vi.stubGlobal('window', undefined);
    expect(() => logRenderError(new Error('x'), true)).not.toThrow();
  });
});
