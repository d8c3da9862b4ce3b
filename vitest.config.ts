import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist-cli/ for the few tests that spawn bin/, unless it is newer than every source.
    globalSetup: ['test/setup/bundle.ts'],
    env: {
      // mjml-core reads .mjmlconfig from the working directory when imported and require()s what it
      // lists; with this set it requires nothing. The bundle replaces that loader (scripts/bundle.mjs);
      // tests that import src/ need the flag instead. test/mjmlconfig.test.ts proves both.
      MJML_BROWSER: '1',
    },
    // Limits for a hang, not for speed: a busy 2-core machine must pass. No test waits on a clock.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
