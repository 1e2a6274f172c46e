import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAsset } from './resolve-asset';
import { contentSecurityPolicy } from './content-security-policy';

const root = path.resolve('/srv/renderer');

describe('resolveAsset', () => {
  it('maps / to index.html and files inside the root', () => {
    expect(resolveAsset(root, '/')?.filePath).toBe(path.join(root, 'index.html'));
    expect(resolveAsset(root, '/assets/app.js?v=1')).toEqual({
      filePath: path.join(root, 'assets/app.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it.each(['/../secret.html', '/%2e%2e/secret.js', '/assets/..%2F..%2Fx.js', '/a%00.js', '/..\\x.js', '/%E0%A4%A.js', '/x.exe'])(
    'refuses %s',
    (requestPath) => {
      expect(resolveAsset(root, requestPath)).toBeNull();
    },
  );
});

describe('contentSecurityPolicy', () => {
  it('allows no inline script, no remote content and no frames', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
