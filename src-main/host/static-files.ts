import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveAsset } from '../core/assets/resolve-asset';
import { securityHeaders } from '../core/assets/content-security-policy';

export const shimPath = '/__leadpulse/host-shim.js';

export interface StaticOptions {
  readonly rendererDir: string;
  readonly shimFile: string;
  readonly csp: string;
}

/** Serves the built renderer read-only; index.html gets the page shim before the app script. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, options: StaticOptions): Promise<void> {
  const headers = securityHeaders(options.csp);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = req.url ?? '/';
  const asset = url === shimPath
    ? { filePath: options.shimFile, contentType: 'text/javascript; charset=utf-8' }
    : resolveAsset(options.rendererDir, url);
  if (!asset) {
    res.writeHead(404, headers).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(asset.filePath);
  } catch {
    res.writeHead(404, headers).end();
    return;
  }
  if (asset.filePath.endsWith('index.html')) body = Buffer.from(injectShim(body.toString('utf8')));
  res.writeHead(200, { ...headers, 'Content-Type': asset.contentType, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function injectShim(html: string): string {
  const tag = `<script src="${shimPath}"></script>`;
  const at = html.indexOf('<script');
  return at === -1 ? html.replace('</head>', `${tag}</head>`) : html.slice(0, at) + tag + html.slice(at);
}
