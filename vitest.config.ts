import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/bundle.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // mjml-core skips loading a workspace's .mjmlconfig (code!) when this is set; the bundle removes that loader.
    env: { MJML_BROWSER: '1' },
  },
});
