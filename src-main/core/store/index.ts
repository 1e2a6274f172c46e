// The public face of the local store (nothing outside store/ imports past this file: lint).
// The composition root uses openLocalStore / removeAllLocalData; everything else goes through
// LeadStore's parts: store.leads, .mailboxes, .drafts, .outbox, .purges, .suppression.
export { openLocalStore, removeAllLocalData, keyLocation } from './local-store';
export type { LocalStore, LocalStoreOptions, RemovedLocalData } from './local-store';
export { LeadStore, openLeadStoreFile } from './lead-store';
export type { OpenLeadStoreFileOptions, StorePart } from './lead-store';
export type { LeadsPart } from './aggregates/leads';
export type { MailboxesPart } from './aggregates/mailboxes';
export type { DraftsPart } from './aggregates/drafts';
export type { OutboxPart } from './aggregates/outbox';
export type { PurgesPart } from './aggregates/purges';
export type { SuppressionPart } from './aggregates/suppression';
export type { StoreCipherKey } from './open-database';
export type { InboxQuery } from './queries/inbox';
export { toFtsQuery } from './queries/search';
export type { RecoveryReport } from './recovery';
export type { BackgroundVerdict, IntegrityWorkerScript } from './background-check';
export { StoreError, StoreKeyError, StoreTooNewError, StoreCorruptError, StoreRuleError } from './errors';
export type { StoreErrorCode } from './errors';
export { LATEST_SCHEMA_VERSION } from './migrations/index';
export { seedDemoLeads, syntheticLead, seededRandom } from './seed';
export type { SeedOptions, SyntheticLead } from './seed';
export { approvalHashOf } from './writes/drafts';
export type { MailboxAccount, NewMailboxAccount, MailProvider, RemovedAccount } from './writes/accounts';
export type { NewLead, NewMessage, NewVehicle, IngestedLead, CorrectableField } from './writes/leads';
export type { NewDraft, DraftOrigin } from './writes/drafts';
export type { EnqueueReply, OutboxTransition, OutboxState } from './writes/outbox';
export type { SuppressionReason } from './writes/suppression';
export type { Now } from './time';
export type { CandidateProbe } from './queries/duplicate-candidates';
export type { SourceMatch } from './writes/lead-sources';
export type { AttachedReply } from './writes/lead-merge';
export type { PurgeBatch, PurgeInstruction, PurgeResult } from './writes/purge';
export { isWithheld } from './writes/tombstones';
export type { WithheldMessage } from './writes/tombstones';
