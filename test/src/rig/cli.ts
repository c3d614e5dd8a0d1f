/*
 * Starts and stops the rig outside of tests, for the demo app and CI:
 *
 *   yarn tsx test/src/rig/cli.ts start --state-dir test/.rig [--edges 3 | --edges a,b]
 *       [--scrape-interval 1s] [--global-port 9090] [--global-name global]
 *       [--fault edge-b=400:0.5]
 *   yarn tsx test/src/rig/cli.ts stop --state-dir test/.rig
 *
 * `start` runs the rig in a detached supervisor process (which holds the
 * simulated pods and write gates) and returns once every server is ready,
 * leaving rig.json (URLs, ports, PIDs) and catalog.yaml (the fleet's catalog
 * entities) in the state directory. `stop` stops everything by PID.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { stringify } from 'yaml';
import {
  Rig,
  RIG_QUERY_ENDPOINT,
  RigEdgeSpec,
  RigServer,
  startRig,
} from './startRig';
import { isAlive, stopPid } from './stopPid';
import { WriteFault } from './writeGate';

const START_TIMEOUT_MS = 90_000;

interface ServerState {
  name: string;
  ref: string;
  clusterLabel: string;
  url: string;
  port: number;
  pid: number | undefined;
  dir: string;
}

interface EdgeState extends ServerState {
  writeGateUrl?: string;
  writeFault?: WriteFault;
}

/** rig.json: what other tools need to use and stop the rig. */
interface RigState {
  supervisorPid: number;
  startedAt: string;
  queryEndpoint: { name: string; url: string };
  global: ServerState;
  edges: EdgeState[];
  catalogFile: string;
}

const USAGE = `Usage:
  cli.ts start --state-dir <dir> [--edges <count>|<name,name,...>] [--scrape-interval <duration>]
               [--global-port <port>] [--global-name <name>] [--fault <edge>=<status>[:<ratio>]]...
  cli.ts stop --state-dir <dir>`;

const OPTIONS = {
  'state-dir': { type: 'string' },
  edges: { type: 'string', default: '2' },
  'scrape-interval': { type: 'string', default: '1s' },
  'global-port': { type: 'string' },
  'global-name': { type: 'string', default: 'global' },
  fault: { type: 'string', multiple: true, default: [] as string[] },
} satisfies ParseArgsConfig['options'];

type Options = ReturnType<typeof parseOptions>['values'];

function parseOptions(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true });
}

function print(line: string) {
  process.stdout.write(`${line}\n`);
}

function edgeNames(edges: string): string[] {
  if (!/^\d+$/.test(edges))
    return edges
      .split(',')
      .map(name => name.trim())
      .filter(Boolean);
  const count = Number(edges);
  return Array.from({ length: count }, (_, i) =>
    count <= 26 ? `edge-${String.fromCharCode(97 + i)}` : `edge-${i + 1}`,
  );
}

function edgeSpecs(options: Options): RigEdgeSpec[] {
  const faults = new Map<string, WriteFault>();
  for (const fault of options.fault) {
    const match = /^([^=]+)=(\d{3})(?::([\d.]+))?$/.exec(fault);
    if (!match)
      throw new Error(
        `--fault ${fault}: use <edge>=<status>[:<ratio>], e.g. edge-b=400:0.5`,
      );
    faults.set(match[1], {
      status: Number(match[2]),
      ...(match[3] ? { ratio: Number(match[3]) } : {}),
    });
  }
  const names = edgeNames(options.edges);
  for (const name of faults.keys()) {
    if (!names.includes(name))
      throw new Error(
        `--fault names ${name}, which is not one of the edges (${names.join(
          ', ',
        )})`,
      );
  }
  return names.map(name => ({ name, writeFault: faults.get(name) }));
}

function paths(stateDir: string) {
  return {
    state: path.join(stateDir, 'rig.json'),
    catalog: path.join(stateDir, 'catalog.yaml'),
    log: path.join(stateDir, 'rig.log'),
    data: path.join(stateDir, 'data'),
  };
}

function readState(stateFile: string): RigState | undefined {
  return fs.existsSync(stateFile)
    ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as RigState)
    : undefined;
}

function serverState(server: RigServer): ServerState {
  const { name, ref, clusterLabel, url, port, pid, dir } = server;
  return { name, ref, clusterLabel, url, port, pid, dir };
}

function writeState(rig: Rig, specs: RigEdgeSpec[], stateDir: string) {
  const files = paths(stateDir);
  fs.writeFileSync(
    files.catalog,
    rig.entities.map(entity => stringify(entity)).join('---\n'),
  );
  const state: RigState = {
    supervisorPid: process.pid,
    startedAt: new Date().toISOString(),
    queryEndpoint: { name: RIG_QUERY_ENDPOINT, url: rig.global.url },
    global: serverState(rig.global),
    edges: rig.edges.map((edge, i) => ({
      ...serverState(edge),
      ...(edge.writeGate
        ? { writeGateUrl: edge.writeGate.url, writeFault: specs[i].writeFault }
        : {}),
    })),
    catalogFile: files.catalog,
  };
  // Written last and atomically: its appearance tells `start` the rig is ready.
  fs.writeFileSync(`${files.state}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(`${files.state}.tmp`, files.state);
}

/** The detached supervisor: runs the rig until SIGTERM. */
async function runSupervisor(options: Options, stateDir: string) {
  const specs = edgeSpecs(options);
  const rig = await startRig({
    edges: specs,
    scrapeInterval: options['scrape-interval'],
    globalPort: options['global-port']
      ? Number(options['global-port'])
      : undefined,
    globalName: options['global-name'],
    baseDir: paths(stateDir).data,
  });
  const shutdown = async () => {
    await rig.stopAll();
    fs.rmSync(paths(stateDir).state, { force: true });
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  writeState(rig, specs, stateDir);
}

async function stop(stateDir: string): Promise<void> {
  const files = paths(stateDir);
  const state = readState(files.state);
  if (!state) {
    print(`No rig state at ${files.state}: nothing to stop.`);
    return;
  }
  // The supervisor stops its servers itself; whatever survives it is stopped by PID.
  await stopPid(state.supervisorPid, 'cli.ts', 30_000);
  for (const server of [...state.edges, state.global]) {
    if (server.pid && (await stopPid(server.pid, 'prometheus'))) {
      print(
        `Stopped ${server.name} (pid ${server.pid}) left behind by the supervisor.`,
      );
    }
  }
  fs.rmSync(files.state, { force: true });
  print(`Rig stopped (supervisor pid ${state.supervisorPid}).`);
}

async function waitForStart(
  stateFile: string,
  supervisorPid: number,
  logFile: string,
): Promise<RigState> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const state = readState(stateFile);
    if (state?.supervisorPid === supervisorPid) return state;
    const failed = !isAlive(supervisorPid);
    if (failed || Date.now() > deadline) {
      if (!failed) await stopPid(supervisorPid, 'cli.ts');
      throw new Error(
        `The rig did not start${
          failed ? '' : ` within ${START_TIMEOUT_MS / 1000}s`
        }; its log (${logFile}):\n${fs.readFileSync(logFile, 'utf8')}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

function supervisorArgs(options: Options, stateDir: string): string[] {
  return [
    'run',
    `--state-dir=${stateDir}`,
    `--edges=${options.edges}`,
    `--scrape-interval=${options['scrape-interval']}`,
    `--global-name=${options['global-name']}`,
    ...(options['global-port']
      ? [`--global-port=${options['global-port']}`]
      : []),
    ...options.fault.map(fault => `--fault=${fault}`),
  ];
}

async function start(options: Options, stateDir: string): Promise<void> {
  edgeSpecs(options); // fail here, not in the detached process
  const files = paths(stateDir);
  const previous = readState(files.state);
  if (previous && isAlive(previous.supervisorPid)) {
    throw new Error(
      `A rig is already running from ${stateDir} (supervisor pid ${previous.supervisorPid}); stop it first.`,
    );
  }
  if (previous) await stop(stateDir);
  fs.rmSync(files.data, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });

  const log = fs.openSync(files.log, 'w');
  const supervisor = spawn(
    process.execPath,
    [...process.execArgv, __filename, ...supervisorArgs(options, stateDir)],
    {
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  supervisor.unref();

  const state = await waitForStart(files.state, supervisor.pid!, files.log);
  print(
    `Rig running (supervisor pid ${state.supervisorPid}); state in ${files.state}`,
  );
  print(
    `  global ${state.global.name}: ${state.global.url} (pid ${state.global.pid})`,
  );
  for (const edge of state.edges) {
    const gate = edge.writeGateUrl
      ? `, writes through ${edge.writeGateUrl} with fault ${JSON.stringify(
          edge.writeFault,
        )}`
      : '';
    print(`  edge ${edge.name}: ${edge.url} (pid ${edge.pid})${gate}`);
  }
  print(
    `  catalog entities: ${state.catalogFile}; query endpoint "${state.queryEndpoint.name}" = ${state.queryEndpoint.url}`,
  );
}

async function main(args: string[]) {
  const { values: options, positionals } = parseOptions(args);
  const command = positionals[0];
  const stateDir = options['state-dir'];
  if (!stateDir || !['start', 'stop', 'run'].includes(command)) {
    throw new Error(USAGE);
  }
  const resolved = path.resolve(stateDir);
  if (command === 'start') await start(options, resolved);
  else if (command === 'stop') await stop(resolved);
  else await runSupervisor(options, resolved);
}

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
