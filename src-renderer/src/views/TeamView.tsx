import { EmptyState } from '../components/EmptyState';
import { ViewHeader } from '../components/ViewHeader';

export function TeamView() {
  return (
    <section className="view" aria-labelledby="view-title-team">
      <ViewHeader id="view-title-team" title="Team" description="Who works leads at this dealership." />
      <div className="view__body">
        <EmptyState icon="team" title="Team management is not available yet">
          <p>
            This version does not show team members or roles. When it does, admins will invite members and
            set their roles here.
          </p>
        </EmptyState>
      </div>
    </section>
  );
}
