import { defineConfig } from 'vitest/config';

/**
 * Test files that need a process of their own: one mocks node:fs (vi.mock), one imports
 * mjml fresh from inside a workspace. Every other file shares one worker and its module
 * cache (isolate: false), so MJML and src/ load once per run instead of once per file:
 * a file that mocks modules, stubs globals or changes process state it does not restore
 * belongs in this list.
 */
const ISOLATED = ['test/files.test.ts', 'test/mjmlconfig.test.ts'];

export default defineConfig({
  test: {
    env: {
      // mjml-core reads .mjmlconfig from the working directory when imported and require()s what it
      // lists; with this set it requires nothing. The bundle replaces that loader (scripts/bundle.mjs);
      // tests that import src/ need the flag instead. test/mjmlconfig.test.ts and bin.test.ts prove both.
      MJML_BROWSER: '1',
    },
    // Limits for a hang, not for speed: a busy 2-core machine must pass. No test waits on a clock.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
          // Builds dist-cli/ for the tests that spawn bin/ (all in this project), unless it is newer than every source.
          globalSetup: ['test/setup/bundle.ts'],
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
