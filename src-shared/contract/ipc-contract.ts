import type { z } from 'zod';
import { appCalls } from './areas/app';
import { connectivityCalls, connectivityEvents } from './areas/connectivity';
import { leadsCalls, leadsEvents } from './areas/leads';
import { outboxCalls } from './areas/outbox';
import { sessionCalls, sessionEvents } from './areas/session';
import { settingsCalls } from './areas/settings';
import { teamCalls } from './areas/team';

/**
 * Every IPC call the renderer can make, and every event main can push.
 * The preload, the browser-host shim, main's handler registry and the renderer client
 * are all derived from these two objects: a call cannot exist in one place and not another.
 * Names are "area.verb"; the area becomes the namespace on window.leadpulse, and each area's
 * calls live in areas/<area>.ts (a test checks every call is in its own area's file).
 */
export const ipcCalls = {
  ...appCalls,
  ...connectivityCalls,
  ...leadsCalls,
  ...outboxCalls,
  ...settingsCalls,
  ...sessionCalls,
  ...teamCalls,
} as const;

export const ipcEvents = {
  ...connectivityEvents,
  ...leadsEvents,
  ...sessionEvents,
} as const;

export type IpcCalls = typeof ipcCalls;
export type IpcEvents = typeof ipcEvents;
export type CallName = Extract<keyof IpcCalls, string>;
export type EventName = Extract<keyof IpcEvents, string>;
export type CallArgs<N extends CallName> = z.input<IpcCalls[N]['args']>;
export type ParsedCallArgs<N extends CallName> = z.output<IpcCalls[N]['args']>;
export type CallResult<N extends CallName> = z.output<IpcCalls[N]['result']>;
export type EventPayload<N extends EventName> = z.output<IpcEvents[N]['payload']>;

export const callNames = Object.keys(ipcCalls) as CallName[];
export const eventNames = Object.keys(ipcEvents) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(ipcCalls, name);
}

/** Electron channel names; the browser host sends the bare call name over its socket. */
export const callChannel = (name: CallName): string => `leadpulse:call:${name}`;
export const eventChannel = (name: EventName): string => `leadpulse:event:${name}`;
