import type { LeadDetail } from '../../../../../src-shared/contract/areas/leads';
import { confidenceLabel, lowConfidence, sourceLabel } from '../../../format/lead';

/** Where LeadPulse thinks the lead came from, how sure it is, and a flag when it is only guessing. */
export function SourceLine({ lead }: { readonly lead: LeadDetail }) {
  const low = lead.sourceConfidence < lowConfidence;
  return (
    <p className={low ? 'source-line source-line--low' : 'source-line'} data-testid="lead-source">
      <span>
        {sourceLabel(lead)} · {confidenceLabel(lead.sourceConfidence)}
      </span>
      {low ? <strong className="source-line__flag">Low confidence — check the fields against the original message</strong> : null}
    </p>
  );
}
