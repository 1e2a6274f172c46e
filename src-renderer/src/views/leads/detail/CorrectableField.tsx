import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { LeadDetail } from '../../../../../src-shared/contract/areas/leads';
import type { CallArgs } from '../../../../../src-shared/contract/ipc-contract';
import { exactTime } from '../../../format/time';
import { getClient } from '../../../ipc/client';
import { userMessage } from '../../../ipc/user-message';

export type CorrectableFieldName = CallArgs<'leads.correctField'>['field'];

interface CorrectableFieldProps {
  readonly leadId: string;
  readonly field: CorrectableFieldName;
  readonly label: string;
  readonly value: string | null;
  readonly corrections: LeadDetail['corrections'];
  readonly inputType?: 'text' | 'email' | 'tel';
  /** How a stored value reads on screen (e.g. a phone number grouped); editing starts from the stored value. */
  readonly display?: (value: string) => string;
  readonly onCorrected: (detail: LeadDetail) => void;
}

/** The value as parsed, or as last corrected, with the original named beside it. */
function CorrectionNote({ corrections, display }: { readonly corrections: LeadDetail['corrections']; readonly display: (value: string) => string }) {
  const first = corrections[0];
  const last = corrections.at(-1);
  if (!first || !last) return null;
  const original = first.oldValue === null ? 'empty' : display(first.oldValue);
  return (
    <span className="correction-note" title={`Corrected by ${last.correctedBy}, ${exactTime(last.correctedAt)}. The parsed value is kept.`}>
      corrected — was {original}
    </span>
  );
}

/** One parsed field a rep can fix: Edit opens an inline input, Save stores a correction, Escape cancels. */
export function CorrectableField({ leadId, field, label, value, corrections, inputType = 'text', display = (v) => v, onCorrected }: CorrectableFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const wasEditing = useRef(false);
  const inputId = useId();
  const editing = draft !== null;

  // Focus follows the mode: into the input on Edit, back to the Edit button after Save/Cancel.
  useEffect(() => {
    if (editing) input.current?.focus();
    else if (wasEditing.current) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const cancel = () => {
    setDraft(null);
    setError(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null || saving) return;
    const next = draft.trim();
    if (next === (value ?? '')) return cancel();
    setSaving(true);
    setError(null);
    try {
      const detail = await getClient().leads.correctField({ id: leadId, field, value: next === '' ? null : next });
      onCorrected(detail);
      setDraft(null);
    } catch (caught) {
      setError(userMessage(caught, `Could not save the ${label.toLowerCase()}. Try again.`));
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    }
  };

  return (
    <div className="field-row" data-field={field}>
      <dt>{editing ? <label htmlFor={inputId}>{label}</label> : label}</dt>
      <dd>
        {editing ? (
          <form className="field-edit" onSubmit={(event) => void save(event)}>
            <input
              ref={input}
              id={inputId}
              className="field-edit__input"
              type={inputType}
              value={draft}
              maxLength={200}
              disabled={saving}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={onKeyDown}
            />
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="button" onClick={cancel} disabled={saving}>
              Cancel
            </button>
            {error ? <p className="field-edit__error" role="alert">{error}</p> : null}
          </form>
        ) : (
          <>
            <span className="field-row__value">
              <span className={value === null ? 'field-value field-value--missing' : 'field-value'} data-testid={`field-${field}`}>
                {value === null ? 'Not given' : display(value)}
              </span>
              <CorrectionNote corrections={corrections} display={display} />
            </span>
            <button
              ref={editButton}
              type="button"
              className="button button--quiet button--small"
              aria-label={`Edit ${label.toLowerCase()}`}
              onClick={() => setDraft(value ?? '')}
            >
              Edit
            </button>
          </>
        )}
      </dd>
    </div>
  );
}
