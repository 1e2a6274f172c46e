import type { Page, WebSocketRoute } from '@playwright/test';
import { test, expect } from './fixtures';

// Dead ends a BDC rep could hit: every failure here leaves a way to try again or to move on.

/**
 * Puts Playwright between the page and the browser host's IPC socket: `stub` answers a call
 * here (undefined: main answers it). Reloads so the app starts on the routed socket.
 */
async function routeIpc(page: Page, stub: (call: string) => unknown): Promise<void> {
  await page.routeWebSocket(/\/ipc$/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const { id, call } = JSON.parse(typeof message === 'string' ? message : message.toString('utf8')) as { id: number; call: string };
      const stubbed = stub(call);
      if (stubbed === undefined) server.send(message);
      else ws.send(JSON.stringify({ id, result: stubbed }));
    });
    server.onMessage((message) => ws.send(message));
  });
  await page.reload();
}

const failed = (message: string) => ({ ok: false, error: { code: 'handler-failed', message } });

/** Fails the first `times` calls to `name` with a plain message; main answers the rest. */
function failFirst(name: string, times: number, message: string): (call: string) => unknown {
  let seen = 0;
  return (call) => (call === name && seen++ < times ? failed(message) : undefined);
}

test('the About panel that could not read the version offers Try again', async ({ appPage: page }) => {
  await routeIpc(page, failFirst('app.getInfo', 1, 'Could not read the app version.'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const about = page.getByRole('region', { name: 'About' });
  await expect(about.getByRole('alert')).toHaveText('Could not read the app version.');
  await about.getByRole('button', { name: 'Try again' }).click();
  await expect(about.getByTestId('app-version')).not.toHaveText('…');
  await expect(about.getByRole('alert')).toHaveCount(0);
});
