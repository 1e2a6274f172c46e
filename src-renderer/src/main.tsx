import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppFrame } from './app/AppFrame';
import { logRenderError } from './app/log';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ErrorScreen } from './components/ErrorScreen';
import './styles/tokens.css';
import './styles/base.css';
import './styles/frame.css';
import './styles/views.css';
import './styles/controls.css';
import './styles/leads.css';
import './styles/lead-detail.css';
import './styles/session.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// React's own reports print the error's message and stack, which can quote customer data: only its name is logged.
createRoot(container, {
  onCaughtError: (error) => logRenderError(error, true),
  onUncaughtError: (error) => logRenderError(error, false),
  onRecoverableError: (error) => logRenderError(error, true),
}).render(
  <StrictMode>
    <ErrorBoundary fallback={(retry) => <ErrorScreen scope="window" onRetry={retry} />}>
      <AppFrame />
    </ErrorBoundary>
  </StrictMode>,
);
