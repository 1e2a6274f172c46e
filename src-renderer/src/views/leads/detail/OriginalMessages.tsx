import type { LeadDetail } from '../../../../../src-shared/contract/areas/leads';
import { exactTime } from '../../../format/time';

type Message = LeadDetail['messages'][number];

function sender(message: Message): string {
  if (message.fromName && message.fromAddress) return `${message.fromName} <${message.fromAddress}>`;
  return message.fromName ?? message.fromAddress ?? 'Unknown sender';
}

/**
 * The emails as received, shown as plain text only: never parsed as HTML, so no remote
 * images, links or scripts can load from a customer's or a marketplace's message.
 */
export function OriginalMessages({ messages }: { readonly messages: LeadDetail['messages'] }) {
  return (
    <section className="detail-section detail-original" aria-labelledby="lead-original-title">
      <h3 className="detail-section__title" id="lead-original-title">
        Original message{messages.length > 1 ? 's' : ''}
      </h3>
      {messages.length === 0 ? <p className="field-value--missing">The original email is not on this computer.</p> : null}
      {messages.map((message) => (
        <article key={message.id} className="message" aria-label={`${message.direction === 'inbound' ? 'Received' : 'Sent'} ${exactTime(message.receivedAt)}`}>
          <dl className="message__headers">
            <div>
              <dt>From</dt>
              <dd>{sender(message)}</dd>
            </div>
            <div>
              <dt>Subject</dt>
              <dd>{message.subject ?? '(no subject)'}</dd>
            </div>
            <div>
              <dt>{message.direction === 'inbound' ? 'Received' : 'Sent'}</dt>
              <dd>{exactTime(message.receivedAt)}</dd>
            </div>
          </dl>
          <pre className="message__body" data-testid="original-message-text">{message.bodyText.trimEnd()}</pre>
          {message.rawAdf ? (
            <details className="message__adf">
              <summary>Raw ADF/XML as received</summary>
              <pre className="message__body message__body--code">{message.rawAdf}</pre>
            </details>
          ) : null}
        </article>
      ))}
    </section>
  );
}
