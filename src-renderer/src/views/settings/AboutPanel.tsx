import { useState } from 'react';
import type { CallResult } from '../../../../src-shared/contract/ipc-contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAsyncResource } from '../../hooks/useAsyncResource';
import { getClient } from '../../ipc/client';

type AppInfo = CallResult<'app.getInfo'>;

function describeHost(info: AppInfo): string {
  if (info.host === 'electron') {
    return info.electronVersion ? `Desktop app (Electron ${info.electronVersion})` : 'Desktop app';
  }
  return 'Browser host (development and testing)';
}

/** Name, version and host, read from main through app.getInfo once per mount (and on Try again). */
export function AboutPanel() {
  const [asked, setAsked] = useState(0);
  const [appInfo] = useAsyncResource('app-info', () => getClient().app.getInfo(), 'Could not read the app version.', asked);

  return (
    <section className="panel" aria-labelledby="about-title">
      <h2 className="panel__title" id="about-title">
        About
      </h2>
      {appInfo.state === 'failed' ? (
        <>
          <ErrorNotice message={appInfo.message} />
          <div className="panel__actions">
            <button type="button" className="button" onClick={() => setAsked((n) => n + 1)}>
              Try again
            </button>
          </div>
        </>
      ) : (
        <dl className="facts" aria-busy={appInfo.state === 'loading'}>
          <div className="facts__row">
            <dt>Name</dt>
            <dd>{appInfo.state === 'ready' ? appInfo.value.name : '…'}</dd>
          </div>
          <div className="facts__row">
            <dt>Version</dt>
            <dd data-testid="app-version">{appInfo.state === 'ready' ? appInfo.value.version : '…'}</dd>
          </div>
          <div className="facts__row">
            <dt>Runs in</dt>
            <dd>{appInfo.state === 'ready' ? describeHost(appInfo.value) : '…'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
