import { useId, useState, type FormEvent } from 'react';
import type { SignInProviderId } from '../../../../src-shared/contract/areas/session';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getClient } from '../../ipc/client';
import { useUserAction } from '../../hooks/useUserAction';
import { useSession } from '../../session/SessionContext';

/** Signed in, member of no dealership: create one (become its admin) or wait for an invitation. */
export function DealershipSetup({ email, provider }: { readonly email: string; readonly provider: SignInProviderId }) {
  const { apply, signIn } = useSession();
  const nameId = useId();
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useUserAction();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Type the dealership’s name first.');
      return;
    }
    await run(async () => apply(await getClient().session.createDealership({ name: name.trim() })), 'The dealership could not be created. Try again.');
  };
  const recheck = async () => {
    setError(await signIn(provider, email));
  };

  return (
    <>
      <section className="panel" aria-labelledby="create-dealership-title">
        <h2 className="panel__title" id="create-dealership-title">
          Set up your dealership
        </h2>
        <p className="panel__text">
          You are signed in as <strong>{email}</strong> but not part of a dealership yet. If you are the first
          one here, create it: you become its admin and can invite your team.
        </p>
        {error ? <ErrorNotice message={error} /> : null}
        <form className="inline-form" onSubmit={(e) => void create(e)}>
          <label className="field" htmlFor={nameId}>
            <span className="field__label">Dealership name</span>
            <input
              id={nameId}
              className="text-input"
              maxLength={200}
              placeholder="e.g. Sunset Honda"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={busy}>
            Create dealership
          </button>
        </form>
      </section>
      <section className="panel" aria-labelledby="join-dealership-title">
        <h2 className="panel__title" id="join-dealership-title">
          Joining an existing dealership?
        </h2>
        <p className="panel__text">
          Ask your admin to invite <strong>{email}</strong>. Invitations are accepted when you sign in, so once
          you have been invited, check again: your browser opens the sign-in page once more.
        </p>
        <div className="panel__actions">
          <button type="button" className="button" onClick={() => void recheck()}>
            I’ve been invited — check again
          </button>
        </div>
      </section>
    </>
  );
}
