/**
 * The renderer's only log line: a screen failed to draw. It names the kind of error and nothing
 * else: messages and stacks can quote customer data (a name in a parse error), so they stay out.
 */
export function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  return /^[A-Za-z][\w.]{0,59}$/.test(name) ? name : 'Error';
}

/** `handled`: a boundary showed its message; otherwise the window could not recover by itself. */
export function logRenderError(error: unknown, handled: boolean): void {
  const line = `LeadPulse: a screen could not be drawn (${errorName(error)}).`;
  // eslint-disable-next-line no-console -- the one console line of the renderer, and it carries no content
  (handled ? console.warn : console.error)(line);
}
