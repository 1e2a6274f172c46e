import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run the cloud contract and cloud-api from source, so they need no build first.
  resolve: {
    alias: {
      '@leadpulse/cloud-contract': fileURLToPath(new URL('./cloud-contract/src/index.ts', import.meta.url)),
      '@leadpulse/cloud-api': fileURLToPath(new URL('./cloud-api/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: [
      'src-shared/**/*.test.ts',
      'src-main/**/*.test.ts',
      'src-renderer/src/**/*.test.{ts,tsx}',
      'cloud-api/src/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'simulator/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
