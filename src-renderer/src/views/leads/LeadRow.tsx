import type { CSSProperties } from 'react';
import type { LeadSummary } from '../../../../src-shared/contract/areas/leads';
import { isFumbleRisk, sourceLabel, statusLabel } from '../../format/lead';
import { exactTime, relativeTime } from '../../format/time';

interface LeadRowProps {
  readonly lead: LeadSummary;
  readonly optionId: string;
  readonly position: number;
  readonly setSize: number;
  readonly active: boolean;
  readonly open: boolean;
  readonly now: number;
  /** Placement from the virtualizer (absolute, translated). */
  readonly style: CSSProperties;
  readonly onPick: (id: string) => void;
}

/**
 * One lead in the inbox: who, what car, from where, how long ago, and whether it is about to be fumbled.
 * Its accessible name is its own text, in the order shown ("Maria Lopez, 3 h ago, New 2024 Honda
 * Accord EX-L, Cars.com · ADF, New"), so speech commands that say what is on screen work even
 * when a long vehicle cuts the source short. The pauses are CSS alt text (leads.css).
 */
export function LeadRow({ lead, optionId, position, setSize, active, open, now, style, onPick }: LeadRowProps) {
  const name = lead.customerName ?? 'Name not given';
  const vehicle = lead.vehicle ?? 'Vehicle not given';
  const received = relativeTime(lead.receivedAt, now);
  const fumble = isFumbleRisk(lead, now);
  const classes = ['lead-row', active ? 'lead-row--active' : '', open ? 'lead-row--open' : '', fumble ? 'lead-row--fumble' : '']
    .filter(Boolean)
    .join(' ');

  // The spaces between the parts are not laid out (grid and flex items) but keep the row's text
  // "Maria Lopez 3 h ago …" rather than "Maria Lopez3 h ago" for whatever reads it.
  return (
    <div
      id={optionId}
      role="option"
      aria-selected={active}
      aria-posinset={position}
      aria-setsize={setSize}
      className={classes}
      style={style}
      data-lead-id={lead.id}
      onClick={() => onPick(lead.id)}
    >
      <span className={lead.customerName ? 'lead-row__name' : 'lead-row__name lead-row__name--missing'}>{name}</span>{' '}
      <time className="lead-row__time" dateTime={lead.receivedAt} title={exactTime(lead.receivedAt)}>
        {received}
      </time>{' '}
      <span className="lead-row__details">
        <span className="lead-row__vehicle">{vehicle}</span>{' '}
        <span className="lead-row__source">{sourceLabel(lead)}</span>
      </span>{' '}
      <span className="lead-row__tags">
        {fumble ? (
          <span className="fumble-marker" title="No first response for over an hour: this lead is about to be fumbled.">
            <span className="fumble-marker__text">Fumble risk</span>
          </span>
        ) : null}{' '}
        <span className={`status-pill status-pill--${lead.status}`}>{statusLabel(lead.status)}</span>
      </span>
    </div>
  );
}
