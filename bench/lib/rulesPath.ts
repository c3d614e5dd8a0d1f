import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  FLEET_SERIES,
  fleetLookup,
  generateValues,
  RECORDED_QUEUE_HEALTH_QUERIES,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import { stringify } from 'yaml';
import { ruleGroupsOf, writeRulesFile } from '../../test/src/rules/ruleFiles';
import { BenchBackend } from './backend';
import { CycleReport } from './backendProcess';
import { median } from './fleetApiLoad';
import { GlobalPrometheus } from './globalPrometheus';
import { sendQuery } from './sendQuery';
import { QUERY_ENDPOINT } from './syntheticFleet';

export interface RulesPathReport {
  /** Median of the cycles read from the recorded series. */
  rulesCycleSeconds: number;
  rulesQueriesPerCycle: number[];
  /** The global's CPU per raw poll cycle, its background (ingestion) taken out. */
  rawGlobalCpuSeconds: number;
  /** The same for a cycle over the recorded series, rule evaluation taken out with the background. */
  rulesGlobalCpuSeconds: number;
  /** What evaluating the generated rules costs the global per evaluation interval. */
  ruleEvalCpuSecondsPerInterval: number;
  /** Prometheus' own wall time of the last evaluation of the group. */
  ruleGroupEvalSeconds: number;
  evaluationIntervalSeconds: number;
  rules: number;
  /** The slowest rules of the last evaluation, with their share of it. */
  slowestRules: Array<{ name: string; seconds: number }>;
  /** Each recorded query alone: wall and the global's CPU. */
  recordedQueries: Record<string, { ms: number; prometheusCpuSeconds: number }>;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** CPU seconds per second the global spends while nobody polls it. */
async function idleCpuRate(global: GlobalPrometheus, seconds: number) {
  const before = global.cpuSeconds();
  await sleep(seconds * 1000);
  return (global.cpuSeconds() - before) / seconds;
}

async function instantValue(url: string, promql: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: promql }),
  });
  const body = (await response.json()) as {
    data?: { result?: Array<{ value: [number, string] }> };
  };
  return Number(body.data?.result?.[0]?.value[1] ?? 0);
}

/** The wall time of the group's last evaluation, from the global's own metrics. */
async function lastGroupEvalSeconds(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find(l => l.startsWith('prometheus_rule_group_last_duration_seconds{'));
  return line ? Number(line.split(' ').pop()) : NaN;
}

/** The rules that took longest in their last evaluation, as the global reports them. */
async function slowestRules(url: string, count: number) {
  const body = (await (await fetch(`${url}/api/v1/rules`)).json()) as {
    data: {
      groups: Array<{
        rules: Array<{ name: string; evaluationTime: number }>;
      }>;
    };
  };
  const byName = new Map<string, number>();
  for (const rule of body.data.groups.flatMap(g => g.rules)) {
    byName.set(rule.name, (byName.get(rule.name) ?? 0) + rule.evaluationTime);
  }
  return [...byName]
    .map(([name, seconds]) => ({ name, seconds: round(seconds, 3) }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count);
}

/**
 * Loads the rules the global's generated values carry, as the operator
 * would (a rules file and a reload), and waits until they have recorded
 * every writing edge.
 */
async function loadGeneratedRules(options: {
  global: GlobalPrometheus;
  entities: Entity[];
  evaluationInterval: string;
}): Promise<number> {
  const { global } = options;
  // The edges the raw series hold a last report of: the rules must record as many.
  const reporting = await instantValue(
    global.prometheus.url,
    'count(max by (cluster) (max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds[1h])))',
  );
  const fleet = resolveFleet(options.entities, {
    queryEndpoints: [QUERY_ENDPOINT],
  });
  const globalCluster = fleet.clusters.find(c => c.role === 'global')!;
  const groups = ruleGroupsOf(
    generateValues(globalCluster, fleetLookup(fleet), {}),
  );
  const dir = path.dirname(global.prometheus.configFile);
  const rulesFile = await writeRulesFile(dir, groups);
  fs.writeFileSync(
    global.prometheus.configFile,
    stringify({
      global: { evaluation_interval: options.evaluationInterval },
      rule_files: [rulesFile],
    }),
  );
  process.kill(global.prometheus.pid!, 'SIGHUP');
  const deadline = Date.now() + 300_000;
  for (;;) {
    const recorded = await instantValue(
      global.prometheus.url,
      `count(${FLEET_SERIES.lastReport})`,
    );
    if (recorded >= reporting) break;
    if (Date.now() > deadline) {
      throw new Error(
        `The rules recorded ${recorded} of ${reporting} edges in 5 minutes`,
      );
    }
    await sleep(1000);
  }
  return groups.reduce((sum, group) => sum + group.rules.length, 0);
}

/**
 * The poll with and without the generated rules on one global, one after
 * the other: the raw cycles already run give the raw figures; then the
 * rules are loaded and the same backend polls again, now through the
 * recorded series. The global also ingests the edges' writes all along, so
 * each CPU figure has that background, measured while nobody polls, taken
 * out.
 */
export async function measureRulesPath(options: {
  global: GlobalPrometheus;
  backend: BenchBackend;
  entities: Entity[];
  rawCycles: { reports: CycleReport[]; globalCpuSeconds: number };
  cycles: number;
  evaluationIntervalSeconds: number;
  log: (line: string) => void;
}): Promise<RulesPathReport> {
  const { global, backend, log } = options;
  const interval = options.evaluationIntervalSeconds;
  const idleSeconds = 2 * interval;

  const rawIdle = await idleCpuRate(global, idleSeconds);
  const rawWall =
    options.rawCycles.reports.reduce((sum, c) => sum + c.durationMs, 0) / 1000;
  const rawGlobalCpuSeconds =
    (options.rawCycles.globalCpuSeconds - rawIdle * rawWall) /
    options.rawCycles.reports.length;

  const loadStarted = Date.now();
  const rules = await loadGeneratedRules({
    global,
    entities: options.entities,
    evaluationInterval: `${interval}s`,
  });
  log(
    `rules: ${rules} loaded and recording every edge after ${round(
      (Date.now() - loadStarted) / 1000,
    )} s`,
  );
  const rulesIdle = await idleCpuRate(global, idleSeconds);
  const ruleEvalCpuSecondsPerInterval = (rulesIdle - rawIdle) * interval;
  const ruleGroupEvalSeconds = await lastGroupEvalSeconds(
    global.prometheus.url,
  );
  const slowest = await slowestRules(global.prometheus.url, 6);
  log(
    `slowest rules of the last evaluation (all rules of a name summed): ${slowest
      .map(r => `${r.name} ${r.seconds} s`)
      .join(', ')}`,
  );
  const recordedQueries: RulesPathReport['recordedQueries'] = {};
  for (const query of RECORDED_QUEUE_HEALTH_QUERIES) {
    const cpu = global.cpuSeconds();
    const started = performance.now();
    await sendQuery(global.prometheus.url, query);
    recordedQueries[query.id] = {
      ms: round(performance.now() - started),
      prometheusCpuSeconds: round(global.cpuSeconds() - cpu, 2),
    };
  }
  log(
    `each recorded query alone: ${Object.entries(recordedQueries)
      .map(([id, q]) => `${id} ${q.ms} ms (${q.prometheusCpuSeconds} CPU s)`)
      .join(', ')}`,
  );

  // The first cycle sees the rules and switches the path; the next ones read it.
  await backend.cycle();
  const cpuBefore = global.cpuSeconds();
  const reports: CycleReport[] = [];
  for (let i = 0; i < options.cycles; i++) {
    const cycle = await backend.cycle();
    reports.push(cycle);
    log(
      `rules cycle ${i + 1}: ${cycle.queries} queries, ${
        cycle.durationMs
      } ms (queries ${cycle.queriesMs} ms)`,
    );
  }
  const wall = reports.reduce((sum, c) => sum + c.durationMs, 0) / 1000;
  const rulesGlobalCpuSeconds =
    (global.cpuSeconds() - cpuBefore - rulesIdle * wall) / reports.length;
  log(
    `global idle CPU: ${round(rawIdle, 3)} s/s without rules, ${round(
      rulesIdle,
      3,
    )} s/s with them; rule group evaluation took ${round(
      ruleGroupEvalSeconds,
      3,
    )} s`,
  );
  return {
    rulesCycleSeconds: median(reports.map(c => c.durationMs)) / 1000,
    rulesQueriesPerCycle: [...new Set(reports.map(c => c.queries))],
    rawGlobalCpuSeconds: Math.max(0, rawGlobalCpuSeconds),
    rulesGlobalCpuSeconds: Math.max(0, rulesGlobalCpuSeconds),
    ruleEvalCpuSecondsPerInterval: Math.max(0, ruleEvalCpuSecondsPerInterval),
    ruleGroupEvalSeconds,
    evaluationIntervalSeconds: interval,
    rules,
    slowestRules: slowest,
    recordedQueries,
  };
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
