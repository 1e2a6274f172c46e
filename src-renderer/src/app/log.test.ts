import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorName, logRenderError } from './log';

describe('render error log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names the kind of error only', () => {
    expect(errorName(new TypeError("Cannot read properties of null (reading 'email')"))).toBe('TypeError');
    expect(errorName('Jane Doe 555-0100')).toBe('string');
    const odd = new Error('x');
    odd.name = 'Lead for Jane Doe <jane@example.com>';
    expect(errorName(odd)).toBe('Error');
  });

  it('writes no message or stack, and warns when a boundary handled it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    logRenderError(new RangeError('Jane Doe, 555-0100'), true);
    logRenderError(new SyntaxError('jane@example.com'), false);
    expect(warn).toHaveBeenCalledExactlyOnceWith('LeadPulse: a screen could not be drawn (RangeError).');
    expect(error).toHaveBeenCalledExactlyOnceWith('LeadPulse: a screen could not be drawn (SyntaxError).');
  });
});
