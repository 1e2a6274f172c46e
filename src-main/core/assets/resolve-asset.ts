import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface ResolvedAsset {
  readonly filePath: string;
  readonly contentType: string;
}

/**
 * Maps a request path to a file inside the built renderer, or null. Used by the Electron
 * protocol handler and the browser host alike, so both refuse the same escapes.
 */
export function resolveAsset(rootDir: string, requestPath: string): ResolvedAsset | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath.split(/[?#]/, 1)[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return null;
  const contentType = contentTypes[path.extname(filePath).toLowerCase()];
  if (!contentType) return null;
  return { filePath, contentType };
}
