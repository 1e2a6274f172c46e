import type { WritePath } from '../write-path';
import { approveDraftVersion, insertDraftVersion, type NewDraft } from '../writes/drafts';

/** Reply drafts: versions as written (by AI, template or rep) and the approval of exactly what was shown. */
export class DraftsPart {
  constructor(private readonly w: WritePath) {}

  add(draft: NewDraft): { id: string; version: number } {
    return this.w.run((at) => insertDraftVersion(this.w.db, draft, at));
  }

  /** Approves the version whose text hashes to `shownHash` (what the rep saw); answers the approval hash. */
  approve(draftId: string, shownHash: string, actor: string): string {
    return this.w.run((at) => {
      const hash = approveDraftVersion(this.w.db, draftId, shownHash, actor, at);
      this.w.audit({ at, actor, action: 'draft.approved', detail: { draftId } });
      return hash;
    });
  }
}
