import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  FleetCluster,
  GeneratedValues,
  generateValues,
  fleetLookup,
  resolveFleet,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  PROMETHEUS_BIN,
  PrometheusMajor,
  prometheusBinaries,
  prometheusVersion,
  RIG_PROMETHEUS_MAJOR,
} from './binaries';
import { freeLoopbackPort } from './httpServer';
import { PodExporter, startPodExporter } from './podExporter';
import { PrometheusProcess } from './prometheusProcess';
import { renderPrometheusConfig } from './renderPrometheusConfig';
import { rigCatalog } from './rigCatalog';
import { ServerProcess } from './serverProcess';
import { VictoriaMetricsProcess } from './victoriaMetricsProcess';
import { startWriteGate, WriteFault, WriteGate } from './writeGate';
import { writePrometheusConfig } from './writePrometheusConfig';
import { ruleGroupsOf, writeRulesFile } from '../rules/ruleFiles';

/** The query endpoint name the rig's global carries in the catalog. */
export const RIG_QUERY_ENDPOINT = 'rig-global';

export interface RigEdgeSpec {
  name: string;
  /** Puts a write gate with this fault between the edge and the global. */
  writeFault?: WriteFault;
  /** Puts a write gate between the edge and the global that answers this much later. */
  writeDelayMs?: number;
  /** Puts a write gate that only observes (see WriteGateStats) between the edge and the global. */
  observeWrites?: boolean;
  /** Further catalog annotations of the edge, e.g. a max-shards override. */
  annotations?: Record<string, string>;
  /**
   * A remote-write URL the edge writes to instead of its global's, as an
   * agent whose values were edited by hand: e.g. another rig's global.
   */
  writeTo?: string;
}

export interface RigOptions {
  edges: Array<string | RigEdgeSpec>;
  globalName?: string;
  /** The query endpoint name the global carries in the catalog; RIG_QUERY_ENDPOINT by default. */
  queryEndpoint?: string;
  /** Fixed port for the global, e.g. for an app-config; a free one by default. */
  globalPort?: number;
  /** Every cluster's `prometheusSpec.scrapeInterval`; 1s by default, to keep tests short. */
  scrapeInterval?: string;
  /** Passed to generateValues, e.g. a fleet-wide queueConfig. */
  valuesOptions?: ValuesOptions;
  /** Flags the global runs with besides those its values give, e.g. a shorter `--query.lookback-delta`; VictoriaMetrics flags for a VictoriaMetrics global. */
  globalFlags?: string[];
  /**
   * What runs the global: Prometheus, from its generated values, or a
   * VictoriaMetrics single-node, which neither runs values nor scrapes
   * (edges write to it at its `/api/v1/write`). Prometheus by default.
   */
  globalEngine?: 'prometheus' | 'victoria-metrics';
  /** The Prometheus release line the global runs, when not the rig's (FLEET_PROMETHEUS). */
  globalPrometheus?: PrometheusMajor;
  /** The Prometheus release line the edges run, when not the rig's. */
  edgePrometheus?: PrometheusMajor;
  /** Further catalog annotations of the global, e.g. its remote-write protocol. */
  globalAnnotations?: Record<string, string>;
  /** Where each server keeps config, data and log; a temporary directory, removed by stopAll, by default. */
  baseDir?: string;
  /**
   * The global evaluates the rules its values carry, every this often, as
   * the operator loads them from the chart's `additionalPrometheusRulesMap`.
   * No rules by default.
   */
  globalRuleInterval?: string;
}

export interface RigServer {
  name: string;
  ref: string;
  clusterLabel: string;
  url: string;
  port: number;
  dir: string;
  /** The project's generated values for this cluster, which every server but a VictoriaMetrics global runs. */
  values: GeneratedValues;
  /** PID while running. */
  readonly pid: number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RigEdge extends RigServer {
  /** Present when the edge was started with a write fault; its fault can be changed while running. */
  writeGate?: WriteGate;
}

export interface Rig {
  global: RigServer;
  edges: RigEdge[];
  /** The synthetic catalog the fleet was resolved from. */
  entities: Entity[];
  /** The version the rig's Prometheus servers run, as the binary reports it; see `globalPrometheus` / `edgePrometheus`. */
  prometheusVersion: string;
  baseDir: string;
  stopAll(): Promise<void>;
}

function rigServer(
  cluster: FleetCluster,
  values: GeneratedValues,
  server: ServerProcess,
  writeGate?: WriteGate,
): RigEdge {
  return {
    name: cluster.name,
    ref: cluster.ref,
    clusterLabel: cluster.clusterLabel,
    url: server.url,
    port: server.port,
    dir: server.dir,
    values,
    get pid() {
      return server.pid;
    },
    start: () => server.start(),
    stop: () => server.stop(),
    ...(writeGate ? { writeGate } : {}),
  };
}

/**
 * Starts a real global Prometheus and edge agents on 127.0.0.1, each running
 * the prometheus.yml the operator would render from the values the project
 * generates for a synthetic catalog: one global, the given edges, each
 * cluster with a simulated pod to scrape. With `globalEngine:
 * 'victoria-metrics'` the global is a VictoriaMetrics single-node instead.
 */
export async function startRig(options: RigOptions): Promise<Rig> {
  const version = await prometheusVersion(PROMETHEUS_BIN);
  /** A Prometheus of another release line than the rig's: its binary and version. */
  const line = async (major: PrometheusMajor | undefined) => {
    if (major === undefined || major === RIG_PROMETHEUS_MAJOR) return {};
    const binary = prometheusBinaries(major).prometheus;
    return { binary, version: await prometheusVersion(binary, major) };
  };
  const globalLine = await line(options.globalPrometheus);
  const edgeLine = await line(options.edgePrometheus);
  const globalName = options.globalName ?? 'global';
  const specs = options.edges.map(edge =>
    typeof edge === 'string' ? { name: edge } : edge,
  );
  const baseDir =
    options.baseDir ??
    (await fs.mkdtemp(path.join(os.tmpdir(), 'prometheus-fleet-rig-')));
  const processes: ServerProcess[] = [];
  const exporters: PodExporter[] = [];
  const gates: WriteGate[] = [];
  let stopped = false;

  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    // Edges stop before their receiver, and with faults cleared, so that they
    // flush their queues at once instead of retrying until killed.
    for (const gate of gates) gate.fault = undefined;
    await Promise.all(processes.slice(1).map(p => p.stop()));
    await processes[0]?.stop();
    await Promise.all([...exporters, ...gates].map(c => c.close()));
    if (!options.baseDir)
      await fs.rm(baseDir, { recursive: true, force: true });
  };

  try {
    const globalPort = options.globalPort ?? (await freeLoopbackPort());
    const globalWriteUrl = `http://127.0.0.1:${globalPort}/api/v1/write`;
    const queryEndpoint = options.queryEndpoint ?? RIG_QUERY_ENDPOINT;
    const entities = rigCatalog({
      globalName,
      remoteWriteUrl: globalWriteUrl,
      queryEndpoint,
      edgeNames: specs.map(spec => spec.name),
      globalAnnotations: options.globalAnnotations,
      edgeAnnotations: Object.fromEntries(
        specs.map(spec => [spec.name, spec.annotations ?? {}]),
      ),
    });
    const fleet = resolveFleet(entities, { queryEndpoints: [queryEndpoint] });
    const errors = fleet.problems.filter(p => p.severity === 'error');
    if (errors.length > 0) {
      throw new Error(
        `The rig's fleet does not resolve: ${errors
          .map(p => `${p.ref}: ${p.message}`)
          .join(' ')}`,
      );
    }
    const lookup = fleetLookup(fleet);
    const clusterNamed = (name: string) =>
      lookup.cluster(`resource:default/${name}`)!;
    const valuesOf = (cluster: FleetCluster) =>
      generateValues(cluster, lookup, options.valuesOptions);

    const prepare = async (
      name: string,
      port: number,
      gate: Pick<
        RigEdgeSpec,
        'writeFault' | 'writeDelayMs' | 'observeWrites' | 'writeTo'
      > = {},
      extraFlags: string[] = [],
      {
        binary,
        version: serverVersion = version,
      }: Awaited<ReturnType<typeof line>> = {},
    ) => {
      const cluster = clusterNamed(name);
      const values = valuesOf(cluster);
      const exporter = await startPodExporter();
      exporters.push(exporter);
      const writeGate =
        gate.writeFault || gate.writeDelayMs || gate.observeWrites
          ? await startWriteGate(
              gate.writeTo ?? globalWriteUrl,
              gate.writeFault,
              {
                delayMs: gate.writeDelayMs,
              },
            )
          : undefined;
      if (writeGate) gates.push(writeGate);
      const dir = path.join(baseDir, name);
      const rendered = renderPrometheusConfig(values, {
        listenAddress: `127.0.0.1:${port}`,
        tlsAssetsDir: path.join(dir, 'certs'),
        scrapeInterval: options.scrapeInterval ?? '1s',
        remoteWriteUrl: writeGate?.url ?? gate.writeTo,
        pods: exporter.pods,
        namespace: options.valuesOptions?.namespace,
        releaseName: options.valuesOptions?.releaseName,
        prometheusVersion: serverVersion,
      });
      const server = new PrometheusProcess({
        name,
        dir,
        port,
        agentMode: rendered.agentMode,
        flags: [...rendered.flags, ...extraFlags],
        binary,
      });
      if (name === globalName && options.globalRuleInterval) {
        await fs.mkdir(dir, { recursive: true });
        const rulesFile = await writeRulesFile(dir, ruleGroupsOf(values));
        rendered.config.rule_files = [rulesFile];
        rendered.config.global = {
          ...(rendered.config.global as object),
          evaluation_interval: options.globalRuleInterval,
        };
      }
      await writePrometheusConfig(rendered, server.configFile);
      processes.push(server);
      return {
        process: server,
        rig: rigServer(cluster, values, server, writeGate),
      };
    };

    const prepareVictoriaMetrics = (name: string, port: number) => {
      const cluster = clusterNamed(name);
      const server = new VictoriaMetricsProcess({
        name,
        dir: path.join(baseDir, name),
        port,
        flags: options.globalFlags,
      });
      processes.push(server);
      return {
        process: server,
        rig: rigServer(cluster, valuesOf(cluster), server),
      };
    };

    const global =
      options.globalEngine === 'victoria-metrics'
        ? prepareVictoriaMetrics(globalName, globalPort)
        : await prepare(
            globalName,
            globalPort,
            {},
            options.globalFlags,
            globalLine,
          );
    const edges = [];
    for (const spec of specs) {
      edges.push(
        await prepare(spec.name, await freeLoopbackPort(), spec, [], edgeLine),
      );
    }
    await global.process.start();
    await Promise.all(edges.map(edge => edge.process.start()));

    return {
      global: global.rig,
      edges: edges.map(edge => edge.rig),
      entities,
      prometheusVersion: version,
      baseDir,
      stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
