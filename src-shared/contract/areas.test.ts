import { describe, expect, it } from 'vitest';
import * as app from './areas/app';
import * as connectivity from './areas/connectivity';
import * as leads from './areas/leads';
import * as outbox from './areas/outbox';
import * as session from './areas/session';
import * as settings from './areas/settings';
import * as team from './areas/team';
import { callNames, eventNames } from './ipc-contract';

// One file per namespace: every call and event named "<area>.<verb>" is declared in
// areas/<area>.ts, and nowhere else.
const modules: Record<string, Record<string, unknown>> = { app, connectivity, leads, outbox, session, settings, team };

/** The call and event names each area file declares (its exported `*Calls` / `*Events` objects). */
function declared(kind: 'Calls' | 'Events'): Array<[file: string, name: string]> {
  return Object.entries(modules).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([exportName, value]) => exportName.endsWith(kind) && typeof value === 'object' && value !== null)
      .flatMap(([, value]) => Object.keys(value as object).map((name): [string, string] => [file, name])),
  );
}

describe('the contract, one file per namespace', () => {
  it.each([['Calls' as const], ['Events' as const]])('every %s entry is in the file of its own area', (kind) => {
    const misplaced = declared(kind).filter(([file, name]) => name.split('.')[0] !== file);
    expect(misplaced).toEqual([]);
  });

  it('the area files together declare exactly the contract, each name once', () => {
    const calls = declared('Calls').map(([, name]) => name);
    const events = declared('Events').map(([, name]) => name);
    expect([...calls].sort()).toEqual([...callNames].sort());
    expect([...events].sort()).toEqual([...eventNames].sort());
    expect(new Set(calls).size).toBe(calls.length);
  });
});
