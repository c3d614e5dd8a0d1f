#!/usr/bin/env node
// Runs every check and test of the repo: first the checks (type-check, lint,
// the committed API and knip reports), stopping at the first that fails; then
// the test suites, one after the other, and one closing line
// "tests: N passed, N failed" that CI reads:
//  - the jest projects of all workspaces (unit, component, router and store
//    tests);
//  - the queue-health integration suite against real Prometheus servers, on
//    its own so that its timing checks do not share the cores with the
//    workspaces' parallel jest workers: once on Prometheus 3 (the default of
//    every suite), once on 2.42, and its VictoriaMetrics leg (3.x agents
//    writing to a VictoriaMetrics global);
//  - the generated alerting rules loaded into a live Prometheus 3 global,
//    firing for an edge that stops;
//  - the reliability suite: PostgreSQL and two backends, faults against real
//    Prometheus servers, the hostile-input corpus, security (needs the
//    PostgreSQL server scripts/start-postgres.sh starts);
//  - the end-to-end suite against the running demo app in Chromium (a jest
//    run of its own: it starts the app once and must not compete with the
//    timing-sensitive Prometheus tests);
//  - a quick run of the fleet benchmark at 50 edges, which reuses the app
//    the end-to-end suite built;
//  - the adoption test: the README's steps in a fresh create-app app (the
//    packages packed, installed from their tarballs and wired), the app's
//    type-check, Chromium on its pages and the template's dry run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const checks = [['tsc'], ['lint:all'], ['check:reports']];

const tests = (script, env) => ({
  command: ['workspace', '@internal/prometheus-fleet-tests', script],
  env,
});
const suites = [
  { name: 'workspaces', command: ['backstage-cli', 'repo', 'test'] },
  {
    name: 'integration-prometheus-3',
    ...tests('test:integration', { FLEET_PROMETHEUS: '3' }),
  },
  {
    name: 'integration-prometheus-2',
    ...tests('test:integration', { FLEET_PROMETHEUS: '2' }),
  },
  {
    name: 'integration-victoria-metrics',
    ...tests('test:victoria-metrics'),
  },
  { name: 'rules-live', ...tests('test:rules-live') },
  { name: 'reliability', ...tests('test:reliability') },
  // The harness stops the app in its global teardown; forceExit keeps a
  // stray browser handle from holding CI open after that.
  {
    name: 'end-to-end',
    command: [...tests('test:e2e').command, '--forceExit'],
  },
  { name: 'bench-smoke', ...tests('test:bench-smoke') },
  { name: 'adoption', ...tests('test:adoption') },
];

for (const check of checks) {
  console.log(`\n=== yarn ${check.join(' ')} ===`);
  const run = spawnSync('yarn', check, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.log(`yarn ${check.join(' ')} failed (exit ${run.status})`);
    process.exit(1);
  }
}

const reports = mkdtempSync(join(tmpdir(), 'fleet-tests-'));
let passed = 0;
let failed = 0;
let broken = false;
const timings = [];
for (const suite of suites) {
  const report = join(reports, `${suite.name}.json`);
  console.log(`\n=== ${suite.name} ===`);
  const started = Date.now();
  const run = spawnSync(
    'yarn',
    [
      ...suite.command,
      '--ci',
      '--json',
      `--outputFile=${report}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, ...suite.env, CI: 'true' } },
  );
  timings.push(`${suite.name} ${Math.round((Date.now() - started) / 1000)} s`);
  if (!existsSync(report)) {
    console.log(`${suite.name}: no test report (exit ${run.status})`);
    broken = true;
    continue;
  }
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
  broken ||= run.status !== 0;
}

console.log(`\nsuite times: ${timings.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(!broken && failed === 0 && passed > 0 ? 0 : 1);
