import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-cli/', 'node_modules/', 'coverage/', 'test/golden/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['bench/**', 'scripts/**'], rules: { 'no-console': 'off' } },
  // The CommonJS entries of the bundled engines (scripts/bundle.mjs): require() is what they are for.
  { files: ['scripts/engines/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
