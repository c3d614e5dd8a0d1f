/*
 * Fleet-scale benchmark against a real Prometheus, side by side with
 * per-cluster polling.
 *
 *   yarn bench --edges 10000            # a full run (the catalog alone takes minutes to ingest 10,000 entities)
 *   yarn bench --edges 50 --quick       # CI: checks the bench still works, in well under 3 minutes
 *   yarn bench --edges 10000 --rules    # also polls through the global's generated rules, after the raw poll
 *   yarn bench --edges 10000 --tenants 10  # edges round-robin over 10 tenants of a Mimir-like global, read per tenant
 *
 * Starts a real Prometheus global on 127.0.0.1, remote-writes an hour of
 * queue metrics for N edges into it (and keeps writing live), starts a
 * backend with the real catalog holding the N clusters and the
 * prometheus-fleet plugin, and measures: the poller's cycle, the same work
 * per cluster, GET /clusters under 20 concurrent users, values generation,
 * and the fleet page in headless Chromium. The last line of output is one
 * JSON object with the figures. Targets are reported, never enforced: the
 * exit code is non-zero only when the bench itself breaks.
 *
 * With --tenants N the global is a Mimir stand-in (test/src/rig/tenantFront.ts:
 * one real Prometheus per tenant, `tenant-0` to `tenant-(N-1)`, behind a
 * front routing by `X-Scope-OrgID`), each edge writes as its tenant, and the
 * query endpoint is `engine: mimir, tenancy: per-tenant`: one query set per
 * tenant. Per-cluster polling is not compared then.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildQueueHealthQueries,
  ClusterListResponse,
} from 'backstage-plugin-prometheus-fleet-common';
import { buildApp } from '../test/src/harness/appBuild';
import { startBenchBackend } from './lib/backend';
import { CycleReport } from './lib/backendProcess';
import { checkClassification } from './lib/classification';
import { NARROWED_USER_PREFIX } from './lib/benchPermissions';
import { measureFleetPage } from './lib/fleetPage';
import { loadFleetApi, median } from './lib/fleetApiLoad';
import {
  GlobalPrometheus,
  startGlobalPrometheus,
} from './lib/globalPrometheus';
import { describeMachine, load } from './lib/machine';
import { Options, parseOptions } from './lib/options';
import { pollPerCluster } from './lib/perClusterPolling';
import { measureRulesPath, RulesPathReport } from './lib/rulesPath';
import { measureSelectionFloor } from './lib/selectionFloor';
import { sendQuery } from './lib/sendQuery';
import { edgeName, fleetEntities, QUERY_ENDPOINT } from './lib/syntheticFleet';
import { measureValues } from './lib/valuesThroughput';

const TARGETS = {
  queriesPerCycle: 8,
  cycleSeconds: 2,
  speedup: 20,
  fleetApiP95Ms: 100,
  fleetPageInteractiveMs: 2000,
  backendRssMb: 300,
};

const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'prometheus-fleet-bench-'),
  );
  const stoppers: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stoppers.reverse()) {
        await stop().catch(error => log(`while stopping: ${error}`));
      }
      fs.rmSync(workDir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      stopAll().finally(() => process.exit(130));
    });
  }

  try {
    log(
      `${options.edges} edges${
        options.tenants ? ` over ${options.tenants} tenants` : ''
      }${options.quick ? ', quick' : ''}; ${machine.nproc} CPUs (${
        machine.cpu
      }), memory ${machine.memory}, Node ${machine.node}, load ${load()}`,
    );

    // The app, the global with its history and the catalog's ingestion all take a while: at once.
    const appBuild = buildApp({
      reuse: !options.rebuildApp,
      logFile: path.join(workDir, 'app-build.log'),
    });
    const global: GlobalPrometheus = await startGlobalPrometheus({
      dir: path.join(workDir, 'global'),
      edges: options.edges,
      tenants: options.tenants,
      historyMinutes: options.historyMinutes,
      log,
    });
    stoppers.push(() => global.stop());
    await appBuild;
    // Ingesting 10,000 entities takes minutes: give up as soon as the global or its writer stops.
    const setup = new AbortController();
    const watch = setInterval(() => {
      try {
        global.assertRunning();
      } catch (error) {
        setup.abort(error);
      }
    }, 1000);
    const backend = await startBenchBackend({
      edges: options.edges,
      prometheusUrl: global.url,
      tenants: options.tenants,
      serveApp: true,
      ingestTimeoutMs: Math.max(120_000, options.edges * 200),
      signal: setup.signal,
    }).finally(() => clearInterval(watch));
    stoppers.push(() => backend.stop());
    log(
      `catalog ingested ${backend.ready.entities} clusters in ${round(
        backend.ready.ingestSeconds,
      )} s; backend RSS ${round(backend.ready.rssMb)} MB`,
    );
    const loaded = await global.loaded;
    log(
      `global ${global.url} (${
        global.tenants
          ? `${global.tenants} tenants, each its own Prometheus ${global.version} behind the tenant front`
          : `Prometheus ${global.version}`
      }): ${loaded.series} series, ${loaded.samples} samples (${
        options.historyMinutes
      } min of history) written in ${round(
        loaded.seconds,
      )} s; Prometheus RSS ${round(global.rssMb())} MB`,
    );

    global.assertRunning();
    // Values generation: pure CPU, before anything else competes for it.
    const values = measureValues(
      fleetEntities(options.edges, options.tenants),
      [QUERY_ENDPOINT],
    );
    log(
      `values: ${round(values.valuesPerSecond)} clusters/s over ${
        values.clusters
      } clusters (resolveFleet ${round(values.resolveMs)} ms); load ${load()}`,
    );

    global.assertRunning();
    // The poller's cycle.
    const memoryBeforeCycles = await backend.memory();
    const rssBeforeCycles = memoryBeforeCycles.rssMb;
    const cycles: CycleReport[] = [];
    const cpuBefore = global.cpuSeconds();
    for (let i = 0; i < options.cycles; i++) {
      const cycle = await backend.cycle();
      cycles.push(cycle);
      log(
        `cycle ${i + 1}${i === 0 ? ' (reads the catalog)' : ''}: ${
          cycle.queries
        } queries, ${cycle.durationMs} ms (queries ${cycle.queriesMs} ms), ${
          cycle.rowsWritten
        } rows written, backend RSS ${round(cycle.rssMb)} MB; load ${load()}`,
      );
    }
    const rawGlobalCpuSeconds = global.cpuSeconds() - cpuBefore;
    const prometheusCpuPerCycle = rawGlobalCpuSeconds / options.cycles;
    const rssAfterCycles = (await backend.memory()).rssMb;
    const queryCounts = new Set(cycles.map(c => c.queries));
    if (queryCounts.size !== 1)
      throw new Error(`Queries per cycle varied: ${[...queryCounts]}`);
    const [queriesPerCycle] = queryCounts;
    const warm = cycles.slice(1).map(c => c.durationMs);
    const cycleSeconds =
      median(warm.length ? warm : [cycles[0].durationMs]) / 1000;
    const coldCycleSeconds = cycles[0].durationMs / 1000;
    global.assertRunning();
    const statuses = await checkClassification(backend, options.edges);
    log(`classification matches the fleet: ${statuses}`);

    // Per-cluster polling of a multi-tenant global would need each edge's tenant: only the one global is compared.
    const comparison = options.tenants
      ? undefined
      : await compareWithPerCluster(options, global, cycleSeconds);

    global.assertRunning();
    // The fleet API under concurrent users.
    const api = await loadFleetApi({
      url: `${backend.baseUrl}/api/prometheus-fleet/clusters`,
      clients: options.clients,
      seconds: options.apiSeconds,
      userToken: client =>
        `mock-user-token:${JSON.stringify({
          sub: `user:default/bench-user-${client}`,
        })}`,
    });
    if (api.errors > 0 || api.requests === 0) {
      throw new Error(
        `GET /clusters failed ${api.errors} times in ${
          api.requests + api.errors
        } requests`,
      );
    }
    log(
      `GET /clusters, ${options.clients} users for ${options.apiSeconds} s: ${
        api.requests
      } requests, p50 ${round(api.p50Ms)} ms, p95 ${round(
        api.p95Ms,
      )} ms, max ${round(api.maxMs)} ms, ${round(
        api.requestsPerSecond,
        1,
      )} req/s, ${round(api.responseBytes / 1024)} KiB ${
        api.contentEncoding
      }; load ${load()}`,
    );

    const rssAfterApi = (await backend.memory()).rssMb;

    // Users whose catalog reads the policy narrows: their fleet is resolved per request.
    const narrowedUser = (client: number) =>
      `mock-user-token:${JSON.stringify({
        sub: `${NARROWED_USER_PREFIX}${client}`,
      })}`;
    const narrowedView = await fetch(
      `${backend.baseUrl}/api/prometheus-fleet/clusters`,
      {
        headers: { Authorization: `Bearer ${narrowedUser(0)}` },
      },
    );
    const narrowedItems = ((await narrowedView.json()) as ClusterListResponse)
      .items;
    if (narrowedItems?.length !== options.edges + 1) {
      throw new Error(
        `A narrowed user sees ${narrowedItems?.length} clusters, expected ${
          options.edges + 1
        }`,
      );
    }
    const narrowedClients = options.quick ? 2 : 4;
    const narrowed = await loadFleetApi({
      url: `${backend.baseUrl}/api/prometheus-fleet/clusters`,
      clients: narrowedClients,
      seconds: options.apiSeconds,
      userToken: narrowedUser,
    });
    if (narrowed.errors > 0 || narrowed.requests === 0) {
      throw new Error(
        `GET /clusters as narrowed users failed ${narrowed.errors} times in ${
          narrowed.requests + narrowed.errors
        } requests`,
      );
    }
    log(
      `GET /clusters, ${narrowedClients} users with a conditional catalog policy for ${
        options.apiSeconds
      } s: ${narrowed.requests} requests, p50 ${round(
        narrowed.p50Ms,
      )} ms, p95 ${round(narrowed.p95Ms)} ms, ${round(
        narrowed.requestsPerSecond,
        1,
      )} req/s; load ${load()}`,
    );

    // The fleet page.
    const page = await measureFleetPage({
      baseUrl: backend.baseUrl,
      clusters: options.edges + 1,
      searchFor: edgeName(options.edges - 1),
      mockUserToken: 'mock-user-token:{"sub":"user:default/bench-browser"}',
    });
    log(
      `fleet page: ${page.rows} rows interactive after ${round(
        page.interactiveMs,
      )} ms, the median of loads taking ${page.loadsMs.join(
        ', ',
      )} ms (scripts run by ${round(
        page.scriptsMs,
      )} ms, GET /clusters from ${round(
        page.clustersRequestMs.start,
      )} to ${round(page.clustersRequestMs.end)} ms); search ${
        page.searchMs
      } ms; load ${load()}`,
    );

    global.assertRunning();
    const memoryAfter = await backend.memory();
    const rssAfter = memoryAfter.rssMb;
    log(
      `backend RSS: ${round(rssBeforeCycles)} MB before the cycles, ${round(
        rssAfterCycles,
      )} MB after ${options.cycles} cycles, ${round(
        rssAfterApi,
      )} MB after 20 users' load, ${round(
        rssAfter,
      )} MB after the narrowed users and the page (JS heap in use ${round(
        memoryBeforeCycles.heapMb,
      )} of ${round(memoryBeforeCycles.heapTotalMb)} MB, then ${round(
        memoryAfter.heapMb,
      )} of ${round(memoryAfter.heapTotalMb)} MB; buffers ${round(
        memoryBeforeCycles.externalMb,
      )} MB, then ${round(memoryAfter.externalMb)} MB)`,
    );

    let rulesPath: RulesPathReport | undefined;
    if (options.rules) {
      global.assertRunning();
      rulesPath = await measureRulesPath({
        global,
        backend,
        entities: fleetEntities(options.edges),
        rawCycles: { reports: cycles, globalCpuSeconds: rawGlobalCpuSeconds },
        cycles: options.cycles,
        // The operator's default; the quick run only checks that it works.
        evaluationIntervalSeconds: options.quick ? 5 : 30,
        log,
      });
      log(
        `with the generated rules: cycle ${round(
          rulesPath.rulesCycleSeconds,
          3,
        )} s in ${rulesPath.rulesQueriesPerCycle.join(
          ' or ',
        )} queries; global CPU per poll cycle ${round(
          rulesPath.rulesGlobalCpuSeconds,
          3,
        )} s (raw ${round(
          rulesPath.rawGlobalCpuSeconds,
          3,
        )} s); rule evaluation ${round(
          rulesPath.ruleEvalCpuSecondsPerInterval,
          3,
        )} CPU s per ${rulesPath.evaluationIntervalSeconds} s interval`,
      );
      const rulesStatuses = await checkClassification(backend, options.edges);
      log(
        `classification through the rules matches the fleet: ${rulesStatuses}`,
      );
    }

    const figures = {
      edges: options.edges,
      prometheusVersion: global.version,
      queriesPerCycle,
      ...(options.tenants
        ? {
            tenants: options.tenants,
            queriesPerTenant: queriesPerCycle / options.tenants,
            // checkClassification throws on any edge read otherwise.
            classification: statuses,
          }
        : {}),
      cycleSeconds: round(cycleSeconds, 3),
      coldCycleSeconds: round(coldCycleSeconds, 3),
      prometheusCpuSecondsPerCycle: round(prometheusCpuPerCycle, 2),
      ...comparison,
      rowsWrittenPerCycle: cycles[cycles.length - 1].rowsWritten,
      historyKiBPerCycle: round(cycles[cycles.length - 1].historyBytes / 1024),
      fleetApiP50Ms: round(api.p50Ms),
      fleetApiP95Ms: round(api.p95Ms),
      fleetApiRequests: api.requests,
      fleetApiResponseKiB: round(api.responseBytes / 1024),
      fleetApiNarrowedP50Ms: round(narrowed.p50Ms),
      fleetApiNarrowedP95Ms: round(narrowed.p95Ms),
      fleetApiNarrowedClients: narrowedClients,
      valuesPerSecond: round(values.valuesPerSecond),
      fleetPageInteractiveMs: round(page.interactiveMs),
      fleetPageLoadsMs: page.loadsMs,
      fleetPageSearchMs: page.searchMs,
      fleetPageScriptsMs: round(page.scriptsMs),
      fleetPageClustersRequestMs: {
        start: round(page.clustersRequestMs.start),
        end: round(page.clustersRequestMs.end),
      },
      backendRssMb: round(rssAfter - rssBeforeCycles),
      backendRssBeforeMb: round(rssBeforeCycles),
      backendRssAfterMb: round(rssAfter),
      backendHeapBeforeMb: round(memoryBeforeCycles.heapMb),
      backendHeapAfterMb: round(memoryAfter.heapMb),
      catalogIngestSeconds: round(backend.ready.ingestSeconds),
      ...(rulesPath
        ? {
            rulesCycleSeconds: round(rulesPath.rulesCycleSeconds, 3),
            rulesQueriesPerCycle: rulesPath.rulesQueriesPerCycle,
            rawGlobalCpuSeconds: round(rulesPath.rawGlobalCpuSeconds, 3),
            rulesGlobalCpuSeconds: round(rulesPath.rulesGlobalCpuSeconds, 3),
            ruleEvalCpuSecondsPerInterval: round(
              rulesPath.ruleEvalCpuSecondsPerInterval,
              3,
            ),
            ruleGroupEvalSeconds: round(rulesPath.ruleGroupEvalSeconds, 3),
            ruleEvaluationIntervalSeconds: rulesPath.evaluationIntervalSeconds,
            rules: rulesPath.rules,
            slowestRules: rulesPath.slowestRules,
            recordedQueries: rulesPath.recordedQueries,
          }
        : {}),
      quick: options.quick,
      machine: { ...machine, load: load() },
    };

    const verdict = (
      name: keyof typeof TARGETS,
      value: number,
      atMost = true,
    ) =>
      `${name} ${value} (target ${atMost ? '≤' : '≥'} ${TARGETS[name]}: ${
        (atMost ? value <= TARGETS[name] : value >= TARGETS[name])
          ? 'met'
          : 'missed'
      })`;
    log(
      [
        // Read per tenant, the target is each tenant's query set.
        options.tenants
          ? `${verdict(
              'queriesPerCycle',
              queriesPerCycle / options.tenants,
            )} for each of ${options.tenants} tenants`
          : verdict('queriesPerCycle', queriesPerCycle),
        verdict('cycleSeconds', figures.cycleSeconds),
        ...(comparison ? [verdict('speedup', comparison.speedup, false)] : []),
        verdict('fleetApiP95Ms', figures.fleetApiP95Ms),
        verdict('fleetPageInteractiveMs', figures.fleetPageInteractiveMs),
        verdict('backendRssMb', figures.backendRssMb),
      ].join('; '),
    );
    await stopAll();
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.stack : error}`);
    await stopAll();
    process.exitCode = 1;
  }
}

/**
 * Each query alone, the selection floor and the same work one cluster at a
 * time, against the single-tenant global: what the one poll is compared with.
 */
async function compareWithPerCluster(
  options: Options,
  global: GlobalPrometheus,
  cycleSeconds: number,
) {
  // Each query alone, to see which one the cycle waits for.
  const endpoint = {
    name: QUERY_ENDPOINT,
    url: global.url,
    headers: {},
    timeoutMs: 300_000,
  };
  const queries = buildQueueHealthQueries();
  const perQuery: Record<string, { ms: number; prometheusCpuSeconds: number }> =
    {};
  for (const query of queries) {
    const cpu = global.cpuSeconds();
    const started = performance.now();
    await sendQuery(endpoint.url, query);
    perQuery[query.id] = {
      ms: round(performance.now() - started),
      prometheusCpuSeconds: round(global.cpuSeconds() - cpu, 2),
    };
  }
  log(
    `each query alone: ${Object.entries(perQuery)
      .map(([id, q]) => `${id} ${q.ms} ms (${q.prometheusCpuSeconds} CPU s)`)
      .join(', ')}`,
  );
  const floor = await measureSelectionFloor({
    url: endpoint.url,
    queries,
    rounds: 3,
    prometheusCpuSeconds: global.cpuSeconds,
  });
  log(
    `selection floor (the cycle's series read, nothing answered): ${round(
      floor.wallSeconds,
      2,
    )} s, ${round(floor.prometheusCpuSeconds, 2)} Prometheus CPU s`,
  );

  global.assertRunning();
  // The same work, one cluster at a time.
  const step = options.edges / options.naiveSample;
  const sample = Array.from({ length: options.naiveSample }, (_, i) =>
    edgeName(Math.floor(i * step)),
  );
  const naive = await pollPerCluster({
    endpoint,
    queries,
    clusters: sample,
    concurrency: options.naiveConcurrency,
    prometheusCpuSeconds: global.cpuSeconds,
  });
  const scale = options.edges / naive.sampled;
  const naiveCycleSeconds = naive.wallSeconds * scale;
  const speedup = naiveCycleSeconds / cycleSeconds;
  log(
    `per-cluster polling: ${naive.sampled} of ${options.edges} edges polled (${
      naive.queries
    } queries, ${options.naiveConcurrency} edges at a time) in ${round(
      naive.wallSeconds,
      2,
    )} s, scaled linearly to ${round(naiveCycleSeconds, 1)} s and ${round(
      naive.prometheusCpuSeconds * scale,
      1,
    )} Prometheus CPU s per cycle (${
      queries.length * options.edges
    } queries); load ${load()}`,
  );
  return {
    naiveCycleSeconds: round(naiveCycleSeconds, 2),
    naiveSampled: naive.sampled,
    speedup: round(speedup, 1),
    selectionFloor: {
      seconds: round(floor.wallSeconds, 2),
      prometheusCpuSeconds: round(floor.prometheusCpuSeconds, 2),
    },
    naivePrometheusCpuSecondsPerCycle: round(
      naive.prometheusCpuSeconds * scale,
      1,
    ),
    perQuery,
  };
}
main();
