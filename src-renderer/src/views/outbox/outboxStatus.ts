import type { OutboxListItem } from '../../../../src-shared/contract/areas/outbox';
import { relativeTime } from '../../format/time';

/** The reply's state in the rep's words. */
export function outboxStatusLabel(state: OutboxListItem['state']): string {
  switch (state) {
    case 'queued':
      return 'Waiting to send';
    case 'sending':
      return 'Sending now';
    case 'failed':
      return 'Could not send — will try again';
  }
}

/** The moment that matters for the state: when it was queued, or when it last changed. */
export function outboxWhen(item: OutboxListItem): { readonly label: string; readonly iso: string } {
  return item.state === 'queued'
    ? { label: 'Queued', iso: item.createdAt }
    : { label: item.state === 'failed' ? 'Failed' : 'Started', iso: item.updatedAt };
}

export function outboxWhenText(item: OutboxListItem, now: number): string {
  const when = outboxWhen(item);
  return `${when.label} ${relativeTime(when.iso, now)}`;
}
