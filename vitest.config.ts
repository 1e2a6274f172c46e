import { defineConfig } from 'vitest/config';

export default defineConfig({
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
