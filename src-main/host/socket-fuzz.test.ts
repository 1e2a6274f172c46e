import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInfoAsProperClient } from './testing/proper-client';
import type { RawTarget } from './testing/raw-socket';
import { play } from './testing/socket-fuzz-player';
import { scenario } from './testing/socket-fuzz-scenarios';
import { startTestHost, type TestHost } from './testing/test-host';

// How many attacks: CI runs LEADPULSE_HOST_FUZZ_CASES (1,000 unless set); `npm run fuzz:host`
// runs the full count. LEADPULSE_HOST_FUZZ_SEED replays a failure fast-check reported.
const cases = Number(process.env.LEADPULSE_HOST_FUZZ_CASES ?? 1000);
const seed = process.env.LEADPULSE_HOST_FUZZ_SEED === undefined ? undefined : Number(process.env.LEADPULSE_HOST_FUZZ_SEED);

let testHost: TestHost;
let target: RawTarget;
const uncaught: unknown[] = [];
const record = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', record);
  testHost = await startTestHost();
  target = { port: testHost.port, origin: testHost.host.origin, token: testHost.host.token };
});

afterAll(async () => {
  process.off('uncaughtException', record);
  await testHost.stop();
});

const answersGetInfo = async () =>
  expect(await getInfoAsProperClient(testHost)).toMatchObject({ id: 1, result: { ok: true, value: { version: '9.8.7' } } });

/** The events the socket layer may log, and the only fields they carry (never peer-chosen text). */
const allowedLines: Record<string, (fields: Record<string, unknown>) => boolean> = {
  'host.socket-reset': (f) => typeof f.code === 'string' && /^[A-Z_]+$|^unknown$/.test(f.code),
  'host.socket-error': (f) => typeof f.code === 'string' && /^[A-Z0-9_]+$|^unknown$/.test(f.code),
  'host.upgrade-refused': (f) => typeof f.reason === 'string' && /^[a-z-]+$/.test(f.reason),
  'host.warnings-suppressed': (f) => typeof f.count === 'number' && typeof f.windowMs === 'number',
};

describe(`browser host socket layer under ${cases} random attacks`, () => {
  it(
    'never goes down, keeps accepting proper handshakes, leaks no connection, logs no peer text, and still answers app.getInfo',
    async () => {
      let played = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async (attack) => {
          const status = await play(target, attack);
          if (attack.kind === 'frames') expect(status).toBe('HTTP/1.1 101 Switching Protocols');
          played++;
          if (played % 100 === 0) {
            testHost.advanceClock(60_000); // a new log window, so the rate limit is exercised throughout
            await answersGetInfo();
          }
        }),
        { numRuns: cases, seed, endOnFailure: true },
      );
      expect(played).toBe(cases);
      expect(uncaught).toEqual([]);

      // Every attacker has gone: the host holds no connection of theirs for long (half-done
      // handshakes included, which Node would otherwise keep until its header timeout).
      let open = await testHost.host.connections();
      for (let i = 0; i < 100 && open > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        open = await testHost.host.connections();
      }
      expect(open).toBe(0);

      for (const line of testHost.log.lines) {
        const { event, level: _level, time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
        if (typeof event === 'string' && event.startsWith('host.')) {
          expect(allowedLines[event], `unexpected log event ${event}`).toBeDefined();
          expect(allowedLines[event]?.(fields), `${event} ${JSON.stringify(fields)}`).toBe(true);
        }
      }
      await answersGetInfo();
    },
    cases * 200 + 60_000,
  );
});
