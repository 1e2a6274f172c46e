import type { KeyboardEvent } from 'react';

interface LeadSearchBoxProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
}

/** Search across every lead; Escape clears it and brings the inbox back. */
export function LeadSearchBox({ text, onChange }: LeadSearchBoxProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      onChange('');
    }
  };

  return (
    <div className="search-box" role="search">
      <label className="visually-hidden" htmlFor="lead-search">
        Search leads
      </label>
      <input
        id="lead-search"
        className="search-box__input"
        type="search"
        placeholder="Search name, email, phone, vehicle…"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
