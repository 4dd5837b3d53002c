// ESLint: JavaScript and TypeScript recommended rules, Svelte's, and the house rules of
// ../shared/docs/ARCHITECTURE.md that a linter can hold (file size, honest types in the pure rings).
// Formatting is Prettier's job; the dependency rings are dependency-cruiser's (.dependency-cruiser.cjs).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'bench/dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // State is immutable values replaced whole ($state.raw, ARCHITECTURE.md rule 3): a Map or Set
      // built in a state class is a new value, never one changed in place, so Svelte's reactive
      // collections are not wanted.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig },
    },
  },
  {
    // A promise nobody awaits loses its failure: mark a deliberate one with `void`.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
  {
    // A source file says one thing; past 400 lines it says several (ARCHITECTURE.md).
    files: ['src/**/*.ts', 'src/**/*.svelte', 'bench/**/*.ts', 'bench/**/*.js', 'scripts/**/*.js'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    // Types are honest in the pure rings: untrusted input is validated into types, never cast.
    files: ['src/lib/model/**/*.ts', 'src/lib/formats/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': true, 'ts-ignore': true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: '`as unknown as` hides a type error: validate the value instead.',
        },
      ],
    },
  },
);
