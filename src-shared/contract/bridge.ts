import {
  callNames,
  eventNames,
  type CallArgs,
  type CallName,
  type CallResult,
  type EventName,
  type EventPayload,
} from './ipc-contract';
import type { IpcEnvelope } from './ipc-result';

/** Splits "area.verb" into its two parts. */
type Area<N extends string> = N extends `${infer A}.${string}` ? A : never;
type Verb<N extends string, A extends string> = N extends `${A}.${infer V}` ? V : never;

type CallsOf<A extends string> = {
  readonly [N in CallName as Area<N> extends A ? Verb<N, A> : never]: (
    args: CallArgs<N>,
  ) => Promise<IpcEnvelope<CallResult<N>>>;
};
type EventsOf<A extends string> = {
  readonly [N in EventName as Area<N> extends A ? `on${Capitalize<Verb<N, A>>}` : never]: (
    listener: (payload: EventPayload<N>) => void,
  ) => () => void;
};

/**
 * The object the preload (Electron) and the page shim (browser host) install as
 * window.leadpulse: one namespace per area, one function per call, one subscriber per event.
 * Each function answers an envelope; src-renderer's client turns failures into typed errors.
 */
export type LeadPulseBridge = {
  readonly [A in Area<CallName> | Area<EventName>]: CallsOf<A> & EventsOf<A>;
};

export interface BridgeTransport {
  invoke(name: CallName, args: unknown): Promise<unknown>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

function split(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

export function buildBridge(transport: BridgeTransport): LeadPulseBridge {
  const areas: Record<string, Record<string, unknown>> = {};
  const areaOf = (a: string): Record<string, unknown> => (areas[a] ??= {});
  for (const name of callNames) {
    const [area, verb] = split(name);
    areaOf(area)[verb] = (args: unknown) => transport.invoke(name, args ?? {});
  }
  for (const name of eventNames) {
    const [area, verb] = split(name);
    const key = `on${verb.charAt(0).toUpperCase()}${verb.slice(1)}`;
    areaOf(area)[key] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name}: listener must be a function`);
      return transport.subscribe(name, listener);
    };
  }
  for (const a of Object.keys(areas)) Object.freeze(areas[a]);
  return Object.freeze(areas) as unknown as LeadPulseBridge;
}
