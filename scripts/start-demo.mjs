#!/usr/bin/env node
// `yarn start`: the demo app (frontend on :3000, backend on :7007, in-memory
// SQLite, the example fleet) plus, when scripts/provision-servers.sh has
// provided Prometheus, a live demo fleet on 127.0.0.1: a global on :19090 and
// the example's edges as agents, configured from the values this project
// generates. FLEET_PROMETHEUS=2 runs it on Prometheus 2.42 instead of 3.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = join(root, 'test/.rig/demo');
const rigCli = ['tsx', 'test/src/rig/cli.ts'];
const prometheusLine = process.env.FLEET_PROMETHEUS ?? '3';
const prometheus =
  process.env.PROMETHEUS_BIN ??
  join(root, `.toolchain/servers/prometheus-${prometheusLine}/usr/bin/prometheus`);

function hasPrometheus() {
  return spawnSync(prometheus, ['--version'], { stdio: 'ignore' }).status === 0;
}

function rig(...args) {
  return spawnSync('yarn', [...rigCli, ...args, `--state-dir=${stateDir}`], {
    cwd: root,
    stdio: 'inherit',
  }).status;
}

let liveFleet = false;
if (!hasPrometheus()) {
  console.warn(
    `\nPrometheus ${prometheusLine} is not provisioned: the demo runs without a live fleet and queue health reads "unknown".\n` +
      `For the live demo fleet: scripts/provision-servers.sh prometheus-${prometheusLine}, then yarn start again (`. scripts/setup.sh demo` provisions it).\n`,
  );
} else {
  rig('stop');
  liveFleet =
    rig(
      'start',
      '--global-name=global-eu',
      '--global-port=19090',
      '--edges=edge-eu-1,edge-eu-2,edge-us-1',
      '--scrape-interval=5s',
    ) === 0;
  if (!liveFleet) console.warn('The live demo fleet did not start; continuing without it.');
}

const app = spawn('yarn', ['backstage-cli', 'repo', 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (liveFleet) rig('stop');
  process.exit(code ?? 0);
}
app.on('exit', code => shutdown(code));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    app.kill(signal);
  });
}
