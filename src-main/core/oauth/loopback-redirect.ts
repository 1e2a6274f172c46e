import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback, LOOPBACK_HOST } from '../net/loopback';
import { sameSecret } from '../net/same-secret';
import { page, PAGE_HEADERS } from './loopback-pages';

/** Why a browser round trip did not complete; `message` is written for the person at the desk. */
export type LoopbackFailure = 'timed-out' | 'listener-failed' | 'cancelled' | 'provider-refused' | 'verification-failed';

export class LoopbackFlowError extends Error {
  override readonly name = 'LoopbackFlowError';
  constructor(
    readonly code: LoopbackFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface LoopbackRedirectOptions<T> {
  /** The provider's display name for messages, e.g. "Google". */
  readonly providerLabel: string;
  /** How long to wait for the browser to come back. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** What the browser's page says once `complete` succeeded, e.g. "You are signed in". */
  readonly doneTitle: string;
  /**
   * Turns the provider's redirect (our state checked, no error parameter) into the result, e.g.
   * a PKCE code exchange. A throw means the answer could not be verified.
   */
  readonly complete: (callbackUrl: URL) => Promise<T>;
}

export interface LoopbackRedirect<T> {
  /** Register this as the redirect_uri: http://127.0.0.1:<random port>/callback. */
  readonly redirectUri: string;
  /** The state parameter to send; a redirect without it is refused and waiting goes on. */
  readonly state: string;
  /** The result of `complete`, or a LoopbackFlowError. */
  readonly result: Promise<T>;
  /** Stops listening; `result` rejects with a cancelled LoopbackFlowError. */
  cancel(): void;
}

const CALLBACK_PATH = '/callback';

/**
 * The installed-app redirect of RFC 8252 (§7.3): a one-shot HTTP listener on 127.0.0.1 at a
 * random port, waiting for the provider to send the browser back with a code. Used by the cloud
 * sign-in (OpenID Connect) and, next, by linking a mailbox (Gmail, Microsoft 365).
 */
export async function receiveLoopbackRedirect<T>(options: LoopbackRedirectOptions<T>): Promise<LoopbackRedirect<T>> {
  const { providerLabel } = options;
  const state = randomBytes(32).toString('base64url');
  const server = createServer();
  const redirectUri = `http://${LOOPBACK_HOST}:${await listenOnLoopback(server)}${CALLBACK_PATH}`;

  let settle: { resolve: (v: T) => void; reject: (e: unknown) => void } | null = null;
  const result = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (outcome: { value: T } | LoopbackFlowError) => {
    const pending = settle;
    settle = null;
    clearTimeout(timer);
    closeServer(server);
    if (!pending) return;
    if (outcome instanceof LoopbackFlowError) pending.reject(outcome);
    else pending.resolve(outcome.value);
  };
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
  const timer = setTimeout(
    () =>
      finish(
        new LoopbackFlowError(
          'timed-out',
          `No answer came back from ${providerLabel} within ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, so the sign-in was stopped. ` +
            'If the browser page was closed before you finished, nothing was changed. Try again.',
        ),
      ),
    timeoutMs,
  );
  timer.unref?.();
  // The listener failing once it is up (rare: out of file handles) ends this flow, not the app.
  server.on('error', (error) =>
    finish(new LoopbackFlowError('listener-failed', `LeadPulse stopped waiting for ${providerLabel}'s answer on this computer. Try again.`, { cause: error })),
  );

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const current = new URL(req.url ?? '/', redirectUri);
      if (req.method !== 'GET' || current.pathname !== CALLBACK_PATH || settle === null) {
        res.writeHead(404, PAGE_HEADERS).end(page('Not found', 'This address is only used while LeadPulse signs you in.'));
        return;
      }
      // A response that does not carry our state was not started by this flow (an old tab, or
      // another program trying to sign the app in as someone else): refuse it, keep waiting.
      if (!sameSecret(current.searchParams.get('state'), state)) {
        res.writeHead(400, PAGE_HEADERS).end(page('This sign-in link is not valid', 'It does not belong to the sign-in LeadPulse is waiting for. Close this tab and start again from LeadPulse.'));
        return;
      }
      const providerError = current.searchParams.get('error');
      if (providerError !== null) {
        const cancelled = providerError === 'access_denied';
        const message = cancelled
          ? `You cancelled the sign-in at ${providerLabel}. Nothing was changed.`
          : `${providerLabel} did not complete the sign-in (${providerError.slice(0, 40)}). Try again; if it keeps happening, contact your IT team.`;
        res.writeHead(200, PAGE_HEADERS).end(page('Sign-in not completed', message + ' You can close this tab.'));
        finish(new LoopbackFlowError(cancelled ? 'cancelled' : 'provider-refused', message));
        return;
      }
      try {
        const value = await options.complete(current);
        res.writeHead(200, PAGE_HEADERS).end(page(options.doneTitle, 'Return to LeadPulse. You can close this tab.'));
        finish({ value });
      } catch (error) {
        const message = `${providerLabel}'s answer could not be verified, so LeadPulse did not sign you in. Try again.`;
        res.writeHead(400, PAGE_HEADERS).end(page('Sign-in not completed', message));
        finish(new LoopbackFlowError('verification-failed', message, { cause: error }));
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  return {
    redirectUri,
    state,
    result,
    cancel: () => finish(new LoopbackFlowError('cancelled', 'The sign-in was stopped. Nothing was changed.')),
  };
}

function closeServer(server: Server): void {
  // Let the last response flush, then drop keep-alive sockets so the port is freed.
  server.close();
  setTimeout(() => server.closeAllConnections(), 200).unref?.();
}
