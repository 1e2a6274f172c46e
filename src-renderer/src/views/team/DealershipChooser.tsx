import { useState } from 'react';
import type { SessionMembership } from '../../../../src-shared/contract/areas/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { userMessage } from '../../ipc/user-message';
import { roleLabel, useSession } from '../../session/SessionContext';

/** Member of several dealerships: which one this computer works for. */
export function DealershipChooser({ memberships, current }: { readonly memberships: readonly SessionMembership[]; readonly current: string | null }) {
  const { apply } = useSession();
  const [error, setError] = useState<string | null>(null);
  const choose = async (dealershipId: string) => {
    setError(null);
    try {
      apply(await getClient().session.selectDealership({ dealershipId }));
    } catch (e) {
      setError(userMessage(e, 'That dealership could not be chosen. Try again.'));
    }
  };
  return (
    <section className="panel" aria-labelledby="choose-dealership-title">
      <h2 className="panel__title" id="choose-dealership-title">
        {current ? 'Switch dealership' : 'Choose your dealership'}
      </h2>
      <p className="panel__text">You are a member of more than one dealership. Choose the one you are working for on this computer.</p>
      {error ? <ErrorNotice message={error} /> : null}
      <ul className="choice-list">
        {memberships.map((m) => (
          <li key={m.dealershipId}>
            <button
              type="button"
              className="button choice-list__item"
              aria-pressed={m.dealershipId === current}
              onClick={() => void choose(m.dealershipId)}
            >
              <span>{m.dealershipName || 'Unnamed dealership'}</span>
              <span className="choice-list__role">{roleLabel(m.role)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
