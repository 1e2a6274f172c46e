import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isHttpsOrLoopbackHttp, isLoopbackAddress, isLoopbackUrl, listenOnLoopback, LOOPBACK_HOST } from './loopback';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::ffff:7f00:1]'])(
    'accepts %s',
    (address) => expect(isLoopbackAddress(address)).toBe(true),
  );
  it.each(['10.0.0.1', '192.168.1.20', '0.0.0.0', '128.0.0.1', '::', '::2', '::ffff:10.0.0.1', '::ffff:0a00:0001', 'fe80::1', 'localhost', 'evil.example', '127.0.0.1.evil.example', '', '[127.0.0.1]'])(
    'refuses %s',
    (address) => expect(isLoopbackAddress(address)).toBe(false),
  );
});

describe('isLoopbackUrl and isHttpsOrLoopbackHttp', () => {
  it('reads hostnames as the URL parser normalises them', () => {
    for (const url of ['http://127.0.0.1:8787/', 'http://localhost/', 'http://LOCALHOST:1/', 'http://[::1]:4100/x', 'http://[::ffff:127.0.0.1]/', 'http://127.1/']) {
      expect(isLoopbackUrl(new URL(url)), url).toBe(true);
    }
    for (const url of ['http://evil.example/', 'http://localhost.evil.example/', 'http://127.0.0.1.nip.io/', 'http://[::ffff:10.0.0.1]/', 'http://10.0.0.1/']) {
      expect(isLoopbackUrl(new URL(url)), url).toBe(false);
    }
  });
  it('allows https anywhere and plain http only on loopback', () => {
    expect(isHttpsOrLoopbackHttp(new URL('https://api.leadpulse.example'))).toBe(true);
    expect(isHttpsOrLoopbackHttp(new URL('http://127.0.0.1:8787'))).toBe(true);
    expect(isHttpsOrLoopbackHttp(new URL('http://[::1]:8787'))).toBe(true);
    expect(isHttpsOrLoopbackHttp(new URL('http://api.leadpulse.example'))).toBe(false);
    expect(isHttpsOrLoopbackHttp(new URL('ftp://127.0.0.1/'))).toBe(false);
    expect(isHttpsOrLoopbackHttp(new URL('file:///etc/passwd'))).toBe(false);
  });
});

describe('listenOnLoopback', () => {
  it('binds 127.0.0.1 on a free port and answers it', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const port = await listenOnLoopback(server);
    try {
      expect(port).toBeGreaterThan(0);
      expect(server.address()).toMatchObject({ address: LOOPBACK_HOST, port });
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
      expect(server.listenerCount('error')).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('binds a given port, and rejects when that port is taken', async () => {
    const first = createServer();
    const port = await listenOnLoopback(first);
    const second = createServer();
    try {
      await expect(listenOnLoopback(second, port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      await new Promise((resolve) => first.close(resolve));
      expect(await listenOnLoopback(second, port)).toBe(port);
    } finally {
      first.close();
      await new Promise((resolve) => second.close(resolve));
    }
  });
});
