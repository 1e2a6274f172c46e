import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppCore } from '../core/app-core';
import type { BrowserHost } from './browser-host';
import { startTestHost, type TestHost } from './testing/test-host';
import { hostSubprotocol, tokenProtocolPrefix } from './wire-protocol';

let testHost: TestHost;
let core: AppCore;
let host: BrowserHost;

beforeAll(async () => {
  testHost = await startTestHost();
  ({ core, host } = testHost);
});

afterAll(async () => {
  await testHost.stop();
});

function connect(options: { origin?: string; token?: string | null; protocols?: string[] } = {}): Promise<WebSocket> {
  const token = options.token === undefined ? host.token : options.token;
  const protocols = options.protocols ?? [hostSubprotocol, ...(token === null ? [] : [tokenProtocolPrefix + token])];
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc`, protocols, { origin: options.origin ?? host.origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function request(ws: WebSocket, id: number, call: string, args: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : 'null') as { id?: number; result?: unknown };
      if (message.id === id) {
        ws.off('message', onMessage);
        resolve(message.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, call, args }));
  });
}

describe('browser host', () => {
  it('serves the page with the CSP and the shim before the app script', async () => {
    const response = await fetch(`${host.origin}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${host.origin.replace('http', 'ws')}`);
    const html = await response.text();
    expect(html.indexOf('/__leadpulse/host-shim.js')).toBeLessThan(html.indexOf('./app.js'));
  });

  it('refuses HTTP requests for another Host name (DNS rebinding) and paths outside the renderer', async () => {
    const { request: httpRequest } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      httpRequest(`${host.origin}/`, { headers: { Host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
    expect((await fetch(`${host.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it('answers contract calls over the socket with the token from our own Origin', async () => {
    const ws = await connect();
    const info = await request(ws, 1, 'app.getInfo', {});
    expect(info).toMatchObject({ ok: true, value: { version: '9.8.7', host: 'browser-host' } });
    const bad = await request(ws, 2, 'app.openExternal', { url: 'file:///etc/passwd' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'handler-failed' } });
    const unknown = await request(ws, 3, 'store.dropTables', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    ws.close();
  });

  it('pushes contract events to connected pages', async () => {
    const ws = await connect();
    const event = new Promise((resolve) => ws.on('message', (d) => resolve(JSON.parse(Buffer.isBuffer(d) ? d.toString('utf8') : 'null'))));
    testHost.online = false;
    await core.dispatcher.dispatch('connectivity.getStatus', {});
    core.start();
    expect(await event).toMatchObject({ event: 'connectivity.changed', payload: { online: false } });
    ws.close();
  });

  it('refuses a connection without the token, with a wrong token, or from another Origin', async () => {
    await expect(connect({ token: null })).rejects.toThrow('HTTP 401');
    await expect(connect({ token: 'x'.repeat(43) })).rejects.toThrow('HTTP 401');
    await expect(connect({ protocols: [tokenProtocolPrefix + host.token] })).rejects.toThrow('HTTP 401');
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: 'http://localhost:1' })).rejects.toThrow('HTTP 403');
  });

  it('closes a socket that sends a malformed message', async () => {
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('{"not":"a call"');
    expect(await closed).toBe(1008);
  });
});
