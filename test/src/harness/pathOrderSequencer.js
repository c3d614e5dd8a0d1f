const Sequencer = require('@jest/test-sequencer').default;

/**
 * Runs the test files in path order: the browser tests (src/e2e) read the
 * example fleet as it is, before the scaffolder test (src/scaffolder) adds
 * an edge to it.
 */
class PathOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
}

module.exports = PathOrderSequencer;
