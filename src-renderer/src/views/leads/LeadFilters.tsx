import type { LeadStatus } from '../../../../src-shared/contract/areas/leads';
import { leadStatuses, statusLabel } from '../../format/lead';
import type { InboxChoice } from './inboxFilters';

interface LeadFiltersProps {
  readonly choice: InboxChoice;
  readonly sources: readonly string[];
  readonly disabled: boolean;
  readonly onChange: (choice: InboxChoice) => void;
}

/** Status chips (any number, none = all), assignee and source. */
export function LeadFilters({ choice, sources, disabled, onChange }: LeadFiltersProps) {
  const toggle = (status: LeadStatus) => {
    const on = choice.statuses.includes(status);
    onChange({ ...choice, statuses: on ? choice.statuses.filter((s) => s !== status) : [...choice.statuses, status] });
  };
  const sourceOptions = choice.source !== null && !sources.includes(choice.source) ? [...sources, choice.source] : sources;

  return (
    <div className="lead-filters">
      <div className="chip-group" role="group" aria-label="Status">
        <button
          type="button"
          className="chip"
          aria-pressed={choice.statuses.length === 0}
          disabled={disabled}
          onClick={() => onChange({ ...choice, statuses: [] })}
        >
          All
        </button>
        {leadStatuses.map((status) => (
          <button
            key={status}
            type="button"
            className="chip"
            aria-pressed={choice.statuses.includes(status)}
            disabled={disabled}
            onClick={() => toggle(status)}
          >
            {statusLabel(status)}
          </button>
        ))}
      </div>
      <label className="select-field">
        <span className="select-field__label">Assigned</span>
        <select
          value={choice.assignee}
          disabled={disabled}
          onChange={(event) => onChange({ ...choice, assignee: event.target.value === 'unassigned' ? 'unassigned' : 'anyone' })}
        >
          <option value="anyone">Anyone</option>
          <option value="unassigned">Unassigned</option>
        </select>
      </label>
      <label className="select-field">
        <span className="select-field__label">Source</span>
        <select
          value={choice.source ?? ''}
          disabled={disabled}
          onChange={(event) => onChange({ ...choice, source: event.target.value === '' ? null : event.target.value })}
        >
          <option value="">All sources</option>
          {sourceOptions.map((source) => (
            <option key={source} value={source}>
              {source}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
