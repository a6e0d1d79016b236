/**
 * ESLint (flat config): typescript-eslint's recommended rules for every
 * TypeScript file, React's rules of hooks for the renderer, and a few rules
 * that keep failures visible. The layer rules of DESIGN.md are not here: they
 * live in .dependency-cruiser.cjs, which sees every import form. Formatting is
 * Prettier's job (.prettierrc.json), so no stylistic rules are enabled.
 * `npm run lint` runs this and dependency-cruiser; `npm test` runs `npm run lint` first.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'build/native/',
      'bench/.work/',
      'bench/results/',
      'tests/artifacts/',
      'test-results/',
      // Deliberately broken imports, read by tests/unit/layers.test.ts.
      'tests/fixtures/layers/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (a parameter a signature requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // An empty catch must say why the failure does not matter (a comment inside it).
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Control characters are the point of several text-normalisation patterns.
      'no-control-regex': 'off',
      // Full-width (U+3000) and other wide spaces are data in this CJK project: allowed in
      // strings, templates, patterns, comments and JSX text; never as code indentation.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true, skipJSXText: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // `interface Briefing extends z.infer<typeof schema> {}` names a schema's type.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.{ts,tsx,mjs}', 'bench/**/*.{ts,mjs}'],
    rules: {
      // Tests build odd shapes on purpose (hostile input, wrong parameters).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
