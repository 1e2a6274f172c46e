import type { WritePath } from '../write-path';
import { addSuppression, isSuppressed, type SuppressionReason } from '../writes/suppression';

/** Addresses LeadPulse never writes to (opted out, bounced, or marked by a rep). */
export class SuppressionPart {
  constructor(private readonly w: WritePath) {}

  add(address: string, reason: SuppressionReason, actor: string | null): void {
    this.w.run((at) => {
      addSuppression(this.w.db, address, reason, actor, at);
      this.w.audit({ at, actor: actor ?? 'system', action: 'suppression.added', detail: { reason } });
    });
  }

  has(address: string): boolean {
    return isSuppressed(this.w.db, address);
  }
}
