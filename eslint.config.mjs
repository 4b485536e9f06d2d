// The linter: typescript-eslint's type-checked rules and the README's layers as import rules.
// `npm run lint` runs it, then madge for import cycles (type imports included); `npm test` runs
// `npm run lint` first.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { layerRules } from './test/tools/layers.mjs';
import { compositionRules } from './test/tools/compositionRules.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.start-profile/**', 'test-output/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // Resolve imports as TypeScript does, so cycles and layers see every arrow.
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['tsconfig.json', 'src/webview/tsconfig.json', 'test/unit/webview/tsconfig.json'],
        }),
      ],
    },
    rules: {
      // Unused names are kept only when they say they are (a leading underscore).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A promise nobody awaits must say so with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Passing on what was caught or an abort's reason is fine; throwing or rejecting a made-up
      // non-Error is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true, allowThrowingAny: true }],
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true, allowThrowingAny: true, allowRethrowing: true }],
      // Off by choice: an async method that implements an async interface need not await, and
      // making it return Promise.resolve(...) by hand says less.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests may use chai-free assertions on any values and mocha's `this`.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Functions destructured from dynamically imported scripts, typed in place with method syntax.
      '@typescript-eslint/unbound-method': 'off',
      // Assertion messages print values as they are.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  ...layerRules,
  ...compositionRules,
);
