import { useEffect, useRef, type MouseEvent } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ErrorScreen } from '../components/ErrorScreen';
import { useHashRoute } from '../hooks/useHashRoute';
import { LocalDataProvider } from '../local-data/LocalDataContext';
import { RevokedScreen } from '../session/RevokedScreen';
import { SessionProvider, useSession } from '../session/SessionContext';
import { Nav } from './Nav';
import { RecoveryBanner } from './RecoveryBanner';
import { TopBar } from './TopBar';
import { ViewFor } from './ViewFor';

/** Skip link, top bar, navigation and the current view, as landmarks in that order. */
export function AppFrame() {
  const route = useHashRoute();
  const mainRef = useRef<HTMLElement>(null);
  const previousRoute = useRef(route.id);

  useEffect(() => {
    document.title = `${route.label} — LeadPulse`;
    // Move focus to the new view's heading after navigating, not on first load.
    if (previousRoute.current !== route.id) {
      previousRoute.current = route.id;
      mainRef.current?.querySelector<HTMLElement>('[data-view-heading]')?.focus();
    }
  }, [route]);

  // The hash is the router, so the skip link moves focus itself instead of changing the hash.
  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <LocalDataProvider>
      <SessionProvider>
        <RevokedOverlay />
        <div className="app-frame">
          <a className="skip-link" href="#main-content" onClick={skipToMain}>
            Skip to main content
          </a>
          <TopBar />
          <Nav current={route.id} />
          <main className="app-main" id="main-content" ref={mainRef} tabIndex={-1}>
            <RecoveryBanner />
            {/* One view failing leaves the frame and navigation working; another view starts fresh. */}
            <ErrorBoundary key={route.id} fallback={(retry) => <ErrorScreen scope="view" onRetry={retry} />}>
              <ViewFor route={route.id} />
            </ErrorBoundary>
          </main>
        </div>
      </SessionProvider>
    </LocalDataProvider>
  );
}

/** When the cloud ends this person's access, that is all the window shows until they choose. */
function RevokedOverlay() {
  const { session } = useSession();
  if (session.status !== 'revoked') return null;
  return <RevokedScreen email={session.email} dealershipName={session.dealershipName} message={session.message} />;
}
