/**
 * The browser and scaffolder tests: one jest run around one running demo
 * app, which the global setup starts and the teardown stops. The package's
 * default test run leaves these folders out (see "jest" in package.json).
 */
module.exports = require('@backstage/cli/config/jest').then(config => ({
  ...config,
  roots: ['<rootDir>/e2e', '<rootDir>/scaffolder'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: require.resolve('./globalSetup.ts'),
  globalTeardown: require.resolve('./globalTeardown.ts'),
  testSequencer: require.resolve('./pathOrderSequencer.js'),
  testTimeout: 120_000,
  // One browser and one backend at a time on a small CI machine.
  maxWorkers: 1,
}));
