/**
 * The renderer's only door to the outside: a typed client over window.leadpulse.
 * Calls answer their value or throw an IpcError; events pass through unchanged.
 * Only types come from the contract, so no schema code ships in the renderer bundle.
 */
import type { LeadPulseBridge } from '../../../src-shared/contract/bridge';
import type { IpcEnvelope, IpcErrorCode } from '../../../src-shared/contract/ipc-result';

declare global {
  interface Window {
    /** Installed by the preload (Electron) or the page shim (browser host). */
    leadpulse: LeadPulseBridge;
  }
}

/** The contract's codes, plus the one case only the renderer can see: no bridge at all. */
export type IpcClientErrorCode = IpcErrorCode | 'bridge-missing';

export class IpcError extends Error {
  override readonly name = 'IpcError';
  readonly code: IpcClientErrorCode;
  /** The call that failed, e.g. "app.getInfo". */
  readonly call: string;
  /** For bad-arguments: which fields were refused. */
  readonly fields: readonly string[];

  constructor(code: IpcClientErrorCode, message: string, call: string, fields: readonly string[] = []) {
    super(message);
    this.code = code;
    this.call = call;
    this.fields = fields;
  }
}

/** A bridge call returning an envelope becomes one returning the value; empty args become optional. */
type UnwrappedCall<F> = F extends (args: infer A) => Promise<IpcEnvelope<infer T>>
  ? Record<string, never> extends A
    ? (args?: A) => Promise<T>
    : (args: A) => Promise<T>
  : F;

type AreaClient<Area> = { readonly [K in keyof Area]: UnwrappedCall<Area[K]> };

export type LeadPulseClient = { readonly [A in keyof LeadPulseBridge]: AreaClient<LeadPulseBridge[A]> };

/** Mirrors bridge.ts: event subscribers are named on<Verb>, everything else is a call. */
const isEventSubscriber = (key: string): boolean => /^on[A-Z]/.test(key);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function unwrap(callName: string, reply: unknown): unknown {
  if (isRecord(reply) && reply.ok === true && 'value' in reply) return reply.value;
  if (isRecord(reply) && reply.ok === false && isRecord(reply.error)) {
    const { code, message, fields } = reply.error;
    throw new IpcError(
      typeof code === 'string' ? (code as IpcErrorCode) : 'bad-result',
      typeof message === 'string' ? message : 'LeadPulse could not complete that request.',
      callName,
      Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [],
    );
  }
  throw new IpcError('bad-result', 'LeadPulse answered in a way this window does not understand.', callName);
}

function wrapCall(callName: string, fn: (args: unknown) => Promise<unknown>): (args?: unknown) => Promise<unknown> {
  return async (args?: unknown) => {
    let reply: unknown;
    try {
      reply = await fn(args ?? {});
    } catch {
      // The bridge itself failed (not an envelope): treat it like a lost connection.
      throw new IpcError('transport-closed', 'Lost the connection to LeadPulse. Try again in a moment.', callName);
    }
    return unwrap(callName, reply);
  };
}

/** Builds the client from a bridge object; exported for tests with a fake bridge. */
export function createClient(bridge: LeadPulseBridge): LeadPulseClient {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [area, members] of Object.entries(bridge as unknown as Record<string, Record<string, unknown>>)) {
    const wrapped: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(members)) {
      if (typeof member !== 'function') continue;
      wrapped[key] = isEventSubscriber(key)
        ? member
        : wrapCall(`${area}.${key}`, member as (args: unknown) => Promise<unknown>);
    }
    client[area] = Object.freeze(wrapped);
  }
  return Object.freeze(client) as unknown as LeadPulseClient;
}

const clients = new WeakMap<LeadPulseBridge, LeadPulseClient>();

/**
 * The client for the bridge installed on this window. Resolved at first use rather than at
 * import, so a bridge installed after the bundle loads is still found.
 */
export function getClient(): LeadPulseClient {
  const bridge = (window as Partial<Window>).leadpulse;
  if (!bridge) {
    throw new IpcError('bridge-missing', 'This window is not connected to LeadPulse. Restart the app.', '(bridge)');
  }
  let client = clients.get(bridge);
  if (!client) {
    client = createClient(bridge);
    clients.set(bridge, client);
  }
  return client;
}
