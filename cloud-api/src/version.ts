import { readFileSync } from 'node:fs';

/**
 * The package version reported by /health. Read from package.json at runtime (one level
 * above both src/ and dist/) so the source and the build agree without a generated file.
 */
function readVersion(): string {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  );
  if (typeof raw === 'object' && raw !== null && 'version' in raw && typeof raw.version === 'string') {
    return raw.version;
  }
  return '0.0.0';
}

export const VERSION = readVersion();
