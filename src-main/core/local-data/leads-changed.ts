import type { LeadsChangedPayload } from '../../../src-shared/contract/areas/leads';
import type { StorePart } from '../store/index';
import type { Clock } from '../time/clock';

/**
 * Turns the store's commits into leads.changed events: the parts changed within `windowMs`
 * go out as one event, so a sync committing hundreds of times tells the renderer a few times
 * a second at most, and the first change of a quiet moment is told within `windowMs`.
 */
export function coalesceStoreChanges(clock: Clock, emit: (payload: LeadsChangedPayload) => void, windowMs = 150): (part: StorePart) => void {
  let pending: Set<StorePart> | null = null;
  return (part) => {
    if (pending) {
      pending.add(part);
      return;
    }
    pending = new Set([part]);
    clock.setTimeout(() => {
      const parts = [...(pending ?? [])];
      pending = null;
      if (parts.length > 0) emit({ parts });
    }, windowMs);
  };
}
