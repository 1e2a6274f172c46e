import type { OutboxListItem } from '../../../../src-shared/contract/areas/outbox';
import { exactTime } from '../../format/time';
import { leadHref } from '../leads/useOpenLead';
import { outboxStatusLabel, outboxWhen, outboxWhenText } from './outboxStatus';
import './outbox.css';

/** Replies not sent yet, newest first; each opens the lead it answers. Read-only. */
export function OutboxList({ items, now }: { readonly items: readonly OutboxListItem[]; readonly now: number }) {
  return (
    <ul className="outbox-list" aria-label="Replies not sent yet" data-testid="outbox-list">
      {items.map((item) => {
        const name = item.customerName ?? (item.leadId === null ? 'Lead no longer on this computer' : 'Name not given');
        const when = outboxWhen(item);
        const content = (
          <>
            <span className={item.customerName ? 'outbox-row__name' : 'outbox-row__name outbox-row__name--missing'}>{name}</span>
            <time className="outbox-row__time" dateTime={when.iso} title={exactTime(when.iso)}>
              {outboxWhenText(item, now)}
            </time>
            <span className="outbox-row__subject">{item.subject || '(no subject)'}</span>
            <span className={`outbox-status outbox-status--${item.state}`} data-testid="outbox-status">
              {outboxStatusLabel(item.state)}
            </span>
          </>
        );
        return (
          <li key={item.id} className="outbox-row-item" data-testid="outbox-row" data-outbox-state={item.state}>
            {item.leadId === null ? (
              <div className="outbox-row">{content}</div>
            ) : (
              <a className="outbox-row outbox-row--link" href={leadHref(item.leadId)}>
                {content}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
