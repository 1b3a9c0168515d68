import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nodePlugin from 'eslint-plugin-n';
import globals from 'globals';
import { readdirSync } from 'node:fs';

const CONTROL_PLANE_MODULES = readdirSync(new URL('./apps/control-plane/src/modules/', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.portcullis/**',
      'coverage/**',
      '**/*.config.ts',
      '**/*.config.js',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Explicit projects rather than the project service: spec files are excluded from each
        // workspace's build tsconfig and live in tsconfig.tests.json instead.
        project: [
          './libs/*/tsconfig.json',
          './migrations/tsconfig.json',
          './apps/control-plane/tsconfig.json',
          './apps/data-plane/tsconfig.json',
          './apps/console/tsconfig.json',
          './tsconfig.tests.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { n: nodePlugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest declares option bags and response DTOs as classes that are meant to be written as literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      'no-console': 'error',
      'n/no-process-env': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@portcullis/*/*'], message: 'Import a lib through its package entry point only.' },
            { group: ['**/apps/*/**', '../../apps/**'], message: 'Apps never import from other apps.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='forwardRef']",
          message: 'Fix the dependency direction instead of forwardRef.',
        },
      ],
    },
  },
  // Module boundaries (STYLE.md §2): a bounded context may import another only through its
  // module, reader or events file.
  ...CONTROL_PLANE_MODULES.map((moduleName, _index, all) => ({
    files: [`apps/control-plane/src/modules/${moduleName}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@portcullis/*/*'], message: 'Import a lib through its package entry point only.' },
            ...all
              .filter((other) => other !== moduleName)
              .map((other) => ({
                group: [
                  `**/modules/${other}/**`,
                  `../${other}/**`,
                  `../../${other}/**`,
                  `!**/${other}/${other}.module.js`,
                  `!**/${other}/${other}.reader.js`,
                  `!**/${other}/${other}.events.js`,
                ],
                message: `Another context's internals: use ${other}'s module, reader or events file.`,
              })),
          ],
        },
      ],
    },
  })),
  {
    // Settings are read from the environment only in the config layers and the process launchers.
    files: [
      'apps/control-plane/src/platform/config/**',
      'apps/data-plane/src/config/**',
      'libs/testing/src/**',
      'scripts/**',
      'test/**',
      'bench/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
    ],
    rules: { 'n/no-process-env': 'off' },
  },
  {
    files: ['scripts/**', 'bench/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['apps/console/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
