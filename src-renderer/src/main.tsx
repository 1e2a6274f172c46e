import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppFrame } from './app/AppFrame';
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

createRoot(container).render(
  <StrictMode>
    <AppFrame />
  </StrictMode>,
);
