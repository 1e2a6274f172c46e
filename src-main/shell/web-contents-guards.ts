import { app, session, shell, type WebContents } from 'electron';
import { toSafeExternalUrl } from '../core/platform/external-url';
import { appOrigin } from '../core/platform/trusted-sender';

/** Denies every permission (camera, notifications, geolocation, ...) unless a later issue allowlists one. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** No navigation away from our own origin, no new windows, no webviews, for every web contents. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link the user clicked may go to the system browser, https only; never a new app window.
    const safe = toSafeExternalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
}
