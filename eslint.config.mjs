// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const unsafeAny = ['argument', 'assignment', 'call', 'member-access', 'return'].map((r) => `@typescript-eslint/no-unsafe-${r}`);

export default defineConfig(
  { ignores: ['**/dist/**', '**/dist-dev/**', '**/node_modules/**', 'infra/.local/**', '.turbo/**'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  { languageOptions: { globals: globals.node, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error', '@typescript-eslint/await-thenable': 'error',
      // In-memory ports and test doubles implement Promise-returning interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // `const { omitted: _x, ...rest } = o` is how this codebase drops a property.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Errors deliberately fold the caught error's message into a user-facing one.
      'preserve-caught-error': 'off' } },
  // Tests read untyped JSON (res.json(), JSON.parse) and use vitest's any-typed matchers (expect.any).
  { files: ['**/test/**', '**/testing/**', '**/*.test.ts'], rules: Object.fromEntries(unsafeAny.map((r) => [r, 'off'])) },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
);
