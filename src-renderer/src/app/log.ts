import { rendererErrorNamePattern, type RendererViewId } from '../../../src-shared/contract/areas/app';
import { getClient } from '../ipc/client';
import { routeFromHash } from './routes';

/**
 * The renderer's only log line: a screen failed to draw. It names the kind of error and nothing
 * else: messages and stacks can quote customer data (a name in a parse error), so they stay out.
 */
export function errorName(error: unknown): string {
  // Only an identifier-like class name (the contract's pattern) is sent; anything else is 'Error'.
  const name = error instanceof Error ? error.name : '';
  return typeof name === 'string' && rendererErrorNamePattern.test(name) ? name : 'Error';
}

/** The view that was showing (a route id; the contract's closed list must hold every one). */
export function currentView(): RendererViewId {
  if (typeof window === 'undefined') return 'unknown';
  return routeFromHash(window.location.hash).id;
}

/** `handled`: a boundary showed its message; otherwise the window could not recover by itself. */
export function logRenderError(error: unknown, handled: boolean): void {
  const name = errorName(error);
  const line = `LeadPulse: a screen could not be drawn (${name}).`;
  // eslint-disable-next-line no-console -- the one console line of the renderer, and it carries no content
  (handled ? console.warn : console.error)(line);
  // In Electron this console reaches no one: tell main, which writes it to its log (rate-limited there).
  try {
    void getClient()
      .app.reportRendererError({ name, where: currentView(), handled })
      .catch(() => undefined);
  } catch {
    // No bridge (a unit test, a detached window): the console line is all there is.
  }
}
