// Lint config. The `no-restricted-imports` blocks hold the one-way data flow of DESIGN.md:
// bundle → parsers → facts → engine → report, with cli.ts/analyze.ts on top.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const stage = (files, forbidden, why) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((f) => ({ group: [`**/${f}/**`, `../${f}/*`], message: why })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'samples/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
          caughtErrorsIgnorePattern: '^_',
        },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Output order must not depend on the machine's ICU locale.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          property: 'localeCompare',
          message: 'Use compareText (src/shared/evidence.ts): code-point order on every machine.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The report's inline script runs in the browser.
    files: ['src/report/templates/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', navigator: 'readonly', setTimeout: 'readonly' },
    },
  },
  stage(
    ['src/shared/**/*.ts'],
    ['bundle', 'parsers', 'facts', 'engine', 'report'],
    'shared/ depends on no stage',
  ),
  stage(
    ['src/bundle/**/*.ts'],
    ['parsers', 'facts', 'engine', 'report'],
    'bundle/ reads bytes and knows no format',
  ),
  stage(
    ['src/parsers/**/*.ts'],
    ['facts', 'engine', 'report'],
    'a parser knows its format and nothing downstream',
  ),
  stage(['src/facts/**/*.ts'], ['engine', 'report'], 'facts/ knows no rules and no rendering'),
  stage(['src/engine/**/*.ts'], ['report'], 'engine/ knows no rendering'),
  stage(
    ['src/report/**/*.ts'],
    ['bundle', 'parsers'],
    'report/ sees findings and facts, never files',
  ),
);
