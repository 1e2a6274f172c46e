import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { userMessage } from '../ipc/user-message';

export type AsyncResource<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'failed'; readonly message: string };

interface Answer<T> {
  readonly key: string;
  readonly reload: number;
  readonly result: AsyncResource<T>;
}

const idle = { state: 'idle' } as const;
const loading = { state: 'loading' } as const;

/**
 * One answer from main, asked when `key` changes (null: do not ask) and again when `reload`
 * changes. Only the latest question's answer counts: a late answer to an earlier one is dropped.
 * A new key shows loading; a reload keeps a ready answer on screen until the new one lands (a
 * failure shows loading again, so Try again visibly tries).
 * `update` edits a ready value in place (after a change the caller made itself).
 */
export function useAsyncResource<T>(
  key: string | null,
  load: () => Promise<T>,
  failureMessage: string,
  reload = 0,
): readonly [AsyncResource<T>, (change: (value: T) => T) => void] {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const ask = useEffectEvent(load);
  const describe = useEffectEvent((error: unknown) => userMessage(error, failureMessage));

  useEffect(() => {
    if (key === null) return;
    let active = true;
    // Async, so a synchronous throw (no bridge) becomes a failed answer too.
    (async () => ask())().then(
      (value) => {
        if (active) setAnswer({ key, reload, result: { state: 'ready', value } });
      },
      (error: unknown) => {
        if (active) setAnswer({ key, reload, result: { state: 'failed', message: describe(error) } });
      },
    );
    return () => {
      active = false;
    };
  }, [key, reload]);

  const update = useCallback((change: (value: T) => T) => {
    setAnswer((current) =>
      current?.result.state === 'ready' ? { ...current, result: { state: 'ready', value: change(current.result.value) } } : current,
    );
  }, []);

  let resource: AsyncResource<T> = loading;
  if (key === null) resource = idle;
  else if (answer?.key === key && (answer.reload === reload || answer.result.state === 'ready')) resource = answer.result;
  return [resource, update];
}
