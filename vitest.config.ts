// Four suites: fast unit tests beside the code, integration tests against a
// real server on loopback, browser tests driving Debian's Chromium (and
// Firefox ESR) with the built extension, and the load test. Browser suites run one file at a time, after the others:
// the machine has 2 cores and each file starts its own browsers.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'signaling/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
          environment: 'node',
          // Projects run one after another (unit, integration, browser) so the
          // browsers never share the 2 cores with a parallel unit run.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          // The load test holds the whole machine for a minute: alone, last.
          name: 'load',
          include: ['test/load/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
