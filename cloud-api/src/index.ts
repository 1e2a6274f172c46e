/**
 * The package's public surface for code that embeds cloud-api (the desktop's
 * one-command start, tests). Importing it starts nothing; `dist/main.js` is the CLI.
 */
export { startCloudApi, type CloudApi, type StartCloudApiOptions } from './server.js';
export { buildApp, type AppDeps } from './app.js';
export { loadConfig, ConfigError, type CloudApiConfig, type ConfigProblem } from './config.js';
export { MigrationError } from './db/migrate.js';
export { EmbeddedPostgresError } from './db/embedded.js';
export { UnsafeApiRoleError, API_ROLE } from './db/api-role.js';
export { withTenantTx } from './db/tenant-tx.js';
export { recordAudit, type AuditEntryInput, type AuditOutcome } from './audit/record-audit.js';
export type { ApiServices } from './services.js';
export * as apiSchemas from '@leadpulse/cloud-contract';
// The cloud's customer-key derivation, for the desktop's test that its own derivation matches.
export { customerKeys } from './deletion/customer-key.js';
