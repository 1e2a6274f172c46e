// The process boundaries of LeadPulse are lint errors, not conventions (style.md §1):
// renderer ↛ main; core ↛ electron; cloud-api ↛ desktop; native modules only in their owners.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const native = {
  electron: 'Only src-main/shell/ may import electron: core runs under plain Node too.',
  keytar: 'Only src-main/core/secrets/keychain.ts talks to the OS keychain.',
  'better-sqlite3-multiple-ciphers': 'Only src-main/core/store/ opens the database.',
  'better-sqlite3': 'Use the encrypted build, and only in src-main/core/store/.',
};
/** no-restricted-imports for every native module except the ones a folder owns. */
function nativeModulesExcept(...owned) {
  const paths = Object.entries(native)
    .filter(([name]) => !owned.includes(name))
    .map(([name, message]) => ({ name, message }));
  return { 'no-restricted-imports': ['error', { paths }] };
}

const zones = [
  { target: './src-renderer', from: ['./src-main', './cloud-api'], message: 'The renderer knows only window.leadpulse and src-shared.' },
  { target: './src-shared', from: ['./src-main', './src-renderer', './cloud-api'], message: 'src-shared is runtime-neutral.' },
  { target: './src-main/core', from: ['./src-main/shell', './src-main/host'], message: 'Core does not know which host runs it.' },
  { target: './src-main/host', from: ['./src-main/shell'], message: 'The browser host and the Electron shell are separate transports.' },
  { target: './src-main/shell', from: ['./src-main/host'], message: 'The browser host and the Electron shell are separate transports.' },
  { target: './cloud-api', from: ['./src-main', './src-renderer', './src-shared', './simulator'], message: 'cloud-api never imports the desktop.' },
  { target: './simulator', from: ['./src-main', './src-renderer', './src-shared', './cloud-api'], message: 'The simulator plays Google and Microsoft: it knows nothing of LeadPulse.' },
  { target: ['./src-main', './src-renderer', './src-shared'], from: ['./simulator'], message: 'The app talks to the simulator only over HTTP, as it would to Google.' },
  { target: './src-main', from: ['./cloud-api/src'], message: 'The desktop knows the cloud API by @leadpulse/cloud-contract only (tests start it through @leadpulse/cloud-api).' },
  {
    target: ['./src-main/core/!(store)/**/*', './src-main/core/*.ts', './src-main/host/**/*', './src-main/shell/**/*', './scripts/**/*', './tests/**/*'],
    from: './src-main/core/store',
    except: ['./index.ts', './testing'],
    message: 'The store is reached through src-main/core/store/index.ts only (tests may use store/testing/).',
  },
  { target: './cloud-contract', from: ['./src-main', './src-renderer', './src-shared', './cloud-api', './simulator'], message: 'The cloud contract is schemas only: it depends on zod and nothing of ours.' },
];
/** Desktop code that ships (not its tests): no cloud-api code at all, not even its build. */
const shippingDesktopZones = [
  ...zones,
  { target: './src-main', from: ['./cloud-api'], message: 'No cloud-api code ships in the desktop: talk to it over HTTP through core/session/cloud-client.ts.' },
];

export default tseslint.config(
  { ignores: ['dist/', '**/dist/', 'node_modules/', '.tsbuild/', 'test-results/', 'playwright-report/', 'tests/lint-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, noWarnOnMultipleProjects: true, project: ['tsconfig.json', 'src-*/tsconfig.json', 'cloud-contract/tsconfig.json', 'cloud-api/tsconfig.json', 'simulator/tsconfig.json', 'tests/tsconfig.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { maxDepth: 8 }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@typescript-eslint/require-await': 'off',
      ...nativeModulesExcept(),
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: shippingDesktopZones }] },
  },
  { files: ['src-main/shell/**'], rules: nativeModulesExcept('electron') },
  // Lead intake strips control characters from hostile email text on purpose.
  { files: ['src-main/core/leads/**'], rules: { 'no-control-regex': 'off' } },
  { files: ['src-main/core/secrets/keychain.ts'], rules: nativeModulesExcept('keytar') },
  { files: ['src-main/core/store/**'], rules: nativeModulesExcept('better-sqlite3-multiple-ciphers') },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Tests and scripts may be looser about promise plumbing and print to the console.
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**', 'scripts/**', '**/cli.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
);
