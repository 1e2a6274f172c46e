import {
  ipcCalls,
  isCallName,
  type CallName,
  type CallResult,
  type ParsedCallArgs,
} from '../../../src-shared/contract/ipc-contract';
import { failure, type IpcEnvelope } from '../../../src-shared/contract/ipc-result';
import type { Logger, LogFields } from '../log/logger';
import { createLogRateLimiter } from '../log/rate-limit';
import { UserFacingError } from '../user-facing-error';

export { UserFacingError };

export type CallHandler<N extends CallName> = (
  args: ParsedCallArgs<N>,
) => Promise<CallResult<N>> | CallResult<N>;

/** The handlers of one area, typed from that area's calls in the contract (no hand-kept list of names). */
export type HandlersFor<Calls> = { readonly [N in Extract<keyof Calls, CallName>]: CallHandler<N> };

/** Exactly one handler per contract call; a missing one is a compile error. */
export type CallHandlers = { readonly [N in CallName]: CallHandler<N> };

export interface Dispatcher {
  /** Validates name and arguments, runs the handler, validates its result. Never throws. */
  dispatch(name: unknown, args: unknown): Promise<IpcEnvelope<unknown>>;
}

export interface DispatcherOptions {
  readonly now?: () => number;
  /** Warnings the renderer can cause (unknown calls, bad arguments): at most this many… */
  readonly maxWarningsPerWindow?: number;
  /** …per this many milliseconds (defaults: 10 a minute, like the renderer's error reports). */
  readonly warningWindowMs?: number;
}

/** What a call name looks like ("area.verb"); an unknown name is logged only as matching this or not. */
const callNameShape = /^[a-z][A-Za-z]{0,31}\.[a-z][A-Za-z0-9]{0,63}$/;

export function createDispatcher(handlers: CallHandlers, log: Logger, options: DispatcherOptions = {}): Dispatcher {
  // The renderer decides how often these happen: rate-limit them so a loop cannot flood the log.
  const warnings = createLogRateLimiter({
    now: options.now,
    maxPerWindow: options.maxWarningsPerWindow,
    windowMs: options.warningWindowMs,
    onSuppressed: (count, windowMs) => log.warn('ipc.warnings-suppressed', { count, windowMs }),
  });
  const warn = (event: string, fields: LogFields) => {
    if (warnings.admit()) log.warn(event, fields);
  };
  // A token holder can also make handlers fail at will: those lines get their own limit, so a
  // flood of warnings cannot hide a real failure and a flood of failures cannot grow the log.
  const failures = createLogRateLimiter({
    now: options.now,
    maxPerWindow: options.maxWarningsPerWindow,
    windowMs: options.warningWindowMs,
    onSuppressed: (count, windowMs) => log.warn('ipc.errors-suppressed', { count, windowMs }),
  });
  const fail = (event: string, fields: LogFields) => {
    if (failures.admit()) log.error(event, fields);
  };
  return {
    async dispatch(name, rawArgs) {
      if (!isCallName(name)) {
        // Never the name itself: the renderer chose it and it could carry customer text.
        warn(
          'ipc.unknown-call',
          typeof name === 'string'
            ? { type: 'string', callNameShape: callNameShape.test(name), length: name.length }
            : { type: name === null ? 'null' : typeof name },
        );
        return failure('unknown-call', 'LeadPulse does not know this request. Restart the app; if it persists, update it.');
      }
      const spec = ipcCalls[name];
      const parsed = spec.args.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(arguments)'))];
        warn('ipc.bad-arguments', { name, fields });
        return failure('bad-arguments', `The request "${name}" had invalid fields: ${fields.join(', ')}.`, fields);
      }
      let value: unknown;
      try {
        const handler = handlers[name] as (args: unknown) => unknown;
        value = await handler(parsed.data);
      } catch (error) {
        // A refusal the user can act on ("the last admin cannot be demoted") is not a fault.
        if (error instanceof UserFacingError) {
          if (warnings.admit()) log.info('ipc.call-refused', { name, error: errorKind(error) });
        } else {
          fail('ipc.handler-failed', { name, error: errorKind(error) });
        }
        return failure('handler-failed', userMessage(error));
      }
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        fail('ipc.bad-result', { name, issues: checked.error.issues.length });
        return failure('bad-result', 'LeadPulse produced an answer it could not check. Please report this.');
      }
      return { ok: true, value: checked.data };
    },
  };
}


function userMessage(error: unknown): string {
  return error instanceof UserFacingError
    ? error.message
    : 'Something went wrong inside LeadPulse. Your work is saved; try again.';
}

/** Logs carry the kind of error, never its message (it may hold customer content). */
function errorKind(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
