import { useEffect, useRef } from 'react';

interface ErrorScreenProps {
  /** window: the whole app failed; view: one view (the navigation still works); pane: one part of a view. */
  readonly scope: 'window' | 'view' | 'pane';
  readonly onRetry: () => void;
}

/**
 * What a rep sees when part of the window fails to draw: plain words and a way out.
 * Never the error itself: its text can quote customer data and means nothing to a rep.
 */
export function ErrorScreen({ scope, onRetry }: ErrorScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const Heading = scope === 'pane' ? 'h2' : 'h1';

  return (
    <div className={`error-screen error-screen--${scope}`} data-testid="error-screen">
      <Heading className="error-screen__title" tabIndex={-1} ref={heading} data-view-heading={scope === 'view' ? '' : undefined}>
        {scope === 'pane' ? 'Something went wrong showing this lead' : 'Something went wrong on this screen'}
      </Heading>
      <p className="error-screen__text">
        LeadPulse could not show this {scope === 'pane' ? 'lead' : 'screen'}. Your leads, drafts and replies on this computer are safe.
      </p>
      <p className="error-screen__text">
        {scope === 'view' ? 'Try again, or choose another view on the left. ' : 'Try again. '}
        If it keeps happening, reload LeadPulse.
      </p>
      <div className="error-screen__actions">
        <button type="button" className="button button--primary" onClick={onRetry}>
          Try again
        </button>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload LeadPulse
        </button>
      </div>
    </div>
  );
}
