import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import {
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_TENANT,
} from './annotations';
import { indexFleet, resolveFleet } from './fleet';
import { QueueConfig } from './types';
import { DEFAULT_CHART_VERSION, generateValues } from './values';
import { edgeEntity, globalEntity } from './__testUtils__/entities';

/**
 * The chart's own defaults: every key path the generator writes must be one
 * of them, so a typo or a key the chart dropped fails here rather than being
 * silently ignored by Helm.
 */
const chartDefaults = parse(
  readFileSync(
    resolve(
      __dirname,
      `__fixtures__/kube-prometheus-stack-values-${DEFAULT_CHART_VERSION}.yaml`,
    ),
    'utf8',
  ),
);

/**
 * Where the chart takes free-form content: lists of Prometheus Operator or
 * Prometheus objects, and label maps. Below these, keys are not the chart's.
 */
const FREE_FORM = new Set([
  'prometheus.prometheusSpec.remoteWrite',
  'prometheus.prometheusSpec.additionalScrapeConfigs',
  'prometheus.prometheusSpec.scrapeClasses',
  'prometheus.prometheusSpec.externalLabels',
]);

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'map' : typeof value;
}

/** Key paths of `values` that the chart does not have, or has with another kind of value. */
function pathsNotInChart(
  values: unknown,
  chart: unknown = chartDefaults,
  path = '',
): string[] {
  const chartKind = kindOf(chart);
  const kind = kindOf(values);
  if (FREE_FORM.has(path)) {
    return kind === chartKind
      ? []
      : [`${path} (${kind}, the chart has a ${chartKind})`];
  }
  if (kind === 'map' && chartKind === 'map') {
    return Object.entries(values as object).flatMap(([key, child]) => {
      const childPath = path ? `${path}.${key}` : key;
      const chartMap = chart as Record<string, unknown>;
      return Object.hasOwn(chartMap, key)
        ? pathsNotInChart(child, chartMap[key], childPath)
        : [`${childPath} (not in the chart)`];
    });
  }
  // A chart default of null or "" leaves the type open.
  if (kind === chartKind || chart === null || chart === '') return [];
  return [`${path} (${kind}, the chart has a ${chartKind})`];
}

const queueConfig: Required<QueueConfig> = {
  capacity: 10000,
  minShards: 1,
  maxShards: 50,
  maxSamplesPerSend: 2000,
  batchSendDeadline: '5s',
  minBackoff: '30ms',
  maxBackoff: '5s',
  retryOnRateLimit: true,
  sampleAgeLimit: '10m',
};

describe(`generated values against kube-prometheus-stack ${DEFAULT_CHART_VERSION} defaults`, () => {
  it('reads the chart defaults', () => {
    expect(chartDefaults.prometheus.prometheusSpec).toHaveProperty(
      'remoteWrite',
      [],
    );
  });

  it('finds a misspelt or misplaced key', () => {
    expect(
      pathsNotInChart({
        prometheus: {
          agentMode: true,
          prometheusSpec: {
            remoteWirte: [],
            externalLabels: { anything: 'goes' },
          },
        },
        alertmanager: { enabled: { really: false } },
        grafana: { enable: false },
      }),
    ).toEqual([
      'prometheus.prometheusSpec.remoteWirte (not in the chart)',
      'alertmanager.enabled (map, the chart has a boolean)',
      'grafana.enable (not in the chart)',
    ]);
    expect(
      pathsNotInChart({ prometheus: { prometheusSpec: { remoteWrite: {} } } }),
    ).toEqual([
      'prometheus.prometheusSpec.remoteWrite (map, the chart has a list)',
    ]);
  });

  describe.each(['none', 'basic', 'bearer', 'mtls'])(
    'with %s write auth',
    auth => {
      const fleet = resolveFleet([
        globalEntity('global', { [ANNOTATION_REMOTE_WRITE_AUTH]: auth }),
        edgeEntity('edge', {
          [ANNOTATION_TENANT]: 'team-a',
          [ANNOTATION_MAX_SHARDS]: '100',
        }),
      ]);
      const byRef = indexFleet(fleet);

      it.each(['global', 'edge'])('writes only chart keys for the %s', name => {
        expect(fleet.problems).toEqual([]);
        const cluster = fleet.clusters.find(c => c.name === name)!;
        const { values } = generateValues(cluster, ref => byRef.get(ref), {
          queueConfig,
          releaseName: 'fleet',
          namespace: 'observability',
        });
        expect(pathsNotInChart(values)).toEqual([]);
      });

      it('checks an edge with its tenant, auth and queue settings in', () => {
        const edge = fleet.clusters.find(c => c.name === 'edge')!;
        const { values } = generateValues(edge, ref => byRef.get(ref), {
          queueConfig,
        });
        expect(values).toMatchObject({
          prometheus: {
            prometheusSpec: {
              remoteWrite: [
                {
                  headers: { 'X-Scope-OrgID': 'team-a' },
                  queueConfig: { ...queueConfig, maxShards: 100 },
                },
              ],
            },
          },
        });
      });
    },
  );
});
