import type { ReactNode } from 'react';

/** A read-only parsed field; "Not given" when the lead did not say. */
export function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  const missing = children === null || children === undefined || children === '';
  return (
    <div className="field-row">
      <dt>{label}</dt>
      <dd>{missing ? <span className="field-value field-value--missing">Not given</span> : <span className="field-value">{children}</span>}</dd>
    </div>
  );
}
