import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveAsset } from '../core/assets/resolve-asset';
import { contentSecurityPolicy, securityHeaders } from '../core/assets/content-security-policy';
import { appScheme } from '../core/platform/trusted-sender';

/** Must run before app 'ready'. standard+secure gives the scheme an origin and a secure context. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from leadpulse://app/ with the CSP, instead of file://. */
export function handleAppProtocol(rendererDir: string): void {
  const headers = securityHeaders(contentSecurityPolicy());
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const asset = url.host === 'app' ? resolveAsset(rendererDir, url.pathname) : null;
    if (!asset) return new Response('Not found', { status: 404, headers });
    const file = await net.fetch(pathToFileURL(asset.filePath).href);
    return new Response(file.body, { status: file.status, headers: { ...headers, 'Content-Type': asset.contentType } });
  });
}
