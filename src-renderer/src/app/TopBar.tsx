import { SessionMenu } from '../session/SessionMenu';
import { ConnectivityIndicator } from './ConnectivityIndicator';

export function TopBar() {
  return (
    <header className="top-bar">
      <div className="brand">
        <svg className="brand__mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <rect x="1" y="1" width="22" height="22" rx="6" fill="currentColor" />
          <path
            d="M5 12.5h3.5l2-4.5 3 8 2-3.5H19"
            fill="none"
            stroke="#fff"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span className="brand__name">LeadPulse</span>
      </div>
      <div className="top-bar__end">
        <ConnectivityIndicator />
        <SessionMenu />
      </div>
    </header>
  );
}
