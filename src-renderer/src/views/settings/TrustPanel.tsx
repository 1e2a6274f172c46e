import { useState, type MouseEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';

const trustUrl = 'https://leadpulse.app/trust';

/** Opens the public Security & Trust page in the system browser, through main. */
export function TrustPanel() {
  const [error, setError] = useState<string | null>(null);

  const openTrustPage = async (event: MouseEvent<HTMLAnchorElement>) => {
    // The app window never navigates away; main decides how the link is opened.
    event.preventDefault();
    setError(null);
    try {
      const result = await getClient().app.openExternal({ url: trustUrl });
      // The browser host cannot launch a system browser; a new tab is the closest equivalent.
      if (!result.opened) window.open(result.url, '_blank', 'noopener,noreferrer');
    } catch (caught) {
      setError(userMessage(caught, 'Could not open the Security & Trust page. Visit leadpulse.app/trust in your browser.'));
    }
  };

  return (
    <section className="panel" aria-labelledby="trust-title">
      <h2 className="panel__title" id="trust-title">
        Security &amp; Trust
      </h2>
      <p className="panel__text">
        How LeadPulse handles your dealership’s email, AI drafts and customer data.
      </p>
      <a
        className="external-link"
        href={trustUrl}
        aria-describedby="trust-link-hint"
        onClick={(event) => void openTrustPage(event)}>
        <Icon name="shield" />
        <span>LeadPulse Security &amp; Trust</span>
        <Icon name="external" className="icon--small" />
      </a>
      <p className="panel__hint" id="trust-link-hint">Opens in your web browser.</p>
      {error ? <ErrorNotice message={error} /> : null}
    </section>
  );
}
