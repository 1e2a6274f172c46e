/**
 * The package's public surface for code that embeds cloud-api (the desktop's
 * one-command start, tests). Importing it starts nothing; `dist/main.js` is the CLI.
 */
export { startCloudApi, type CloudApi, type StartCloudApiOptions } from './server.js';
export { buildApp, type AppDeps } from './app.js';
export { loadConfig, ConfigError, type CloudApiConfig, type ConfigProblem } from './config.js';
export { MigrationError } from './db/migrate.js';
export { EmbeddedPostgresError } from './db/embedded.js';
