import { ViewHeader } from '../components/ViewHeader';
import { AboutPanel } from './settings/AboutPanel';
import { LocalDataPanel } from './settings/LocalDataPanel';
import { TrustPanel } from './settings/TrustPanel';

export function SettingsView() {
  return (
    <section className="view" aria-labelledby="view-title-settings">
      <ViewHeader
        id="view-title-settings"
        title="Settings"
        description="About this app, and how LeadPulse treats your dealership’s data."
      />
      <div className="view__body view__body--panels">
        <AboutPanel />
        <LocalDataPanel />
        <TrustPanel />
      </div>
    </section>
  );
}
