import { StoreRuleError } from '../errors';
import { createHash, randomUUID } from 'node:crypto';
import { prepared, type Db } from '../open-database';
import { leadNoOf } from './leads';

export type DraftOrigin = 'ai' | 'template' | 'manual';

/** SHA-256 over the exact subject and body (length-prefixed, so no two pairs share a hash). */
export function approvalHashOf(subject: string, body: string): string {
  return createHash('sha256').update(JSON.stringify([subject, body]), 'utf8').digest('hex');
}

export interface NewDraft {
  readonly leadId: string;
  readonly origin: DraftOrigin;
  readonly subject: string;
  readonly body: string;
  readonly createdBy: string;
}

/** Every edit is a new version; approval belongs to one version only. */
export function insertDraftVersion(db: Db, draft: NewDraft, at: number): { id: string; version: number } {
  const leadNo = leadNoOf(db, draft.leadId);
  const version =
    (prepared<[number], number>(db, 'SELECT coalesce(max(version), 0) FROM drafts WHERE lead_no = ?').pluck().get(leadNo) ?? 0) + 1;
  const id = randomUUID();
  prepared(
    db,
    `INSERT INTO drafts (id, lead_no, version, origin, subject, body, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, leadNo, version, draft.origin, draft.subject, draft.body, draft.createdBy, at);
  return { id, version };
}

/** Approves exactly the text the rep saw: `shownHash` must equal the hash of the stored version. */
export function approveDraftVersion(db: Db, draftId: string, shownHash: string, by: string, at: number): string {
  const row = prepared<[string], { subject: string; body: string }>(db, 'SELECT subject, body FROM drafts WHERE id = ?').get(draftId);
  if (!row) throw new StoreRuleError('That draft is no longer on this computer.');
  const hash = approvalHashOf(row.subject, row.body);
  if (hash !== shownHash) throw new StoreRuleError('The draft changed after you read it. Review it again before approving.');
  prepared(db, 'UPDATE drafts SET approval_hash = ?, approved_by = ?, approved_at = ? WHERE id = ?').run(hash, by, at, draftId);
  return hash;
}
