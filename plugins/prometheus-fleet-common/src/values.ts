import { Document, isMap, YAMLMap } from 'yaml';
import { hasBlockingProblems } from './fleet';
import {
  ClusterProblem,
  FleetCluster,
  GeneratedValues,
  QueueConfig,
  RemoteWriteAuth,
  ValuesOptions,
} from './types';

/** The kube-prometheus-stack version the generator is written and tested against. @public */
export const DEFAULT_CHART_VERSION = '88.5.3';
/** @public */
export const DEFAULT_RELEASE_NAME = 'kube-prometheus-stack';
/** @public */
export const DEFAULT_NAMESPACE = 'monitoring';
const CHART = 'prometheus-community/kube-prometheus-stack';

/** Thrown when a cluster's problems leave nothing correct to generate. @public */
export class ValuesNotAvailableError extends Error {
  readonly problems: ClusterProblem[];
  constructor(ref: string, problems: ClusterProblem[]) {
    super(
      `Cannot generate values for ${ref}: ${problems.map(p => p.message).join(' ')}`,
    );
    this.name = 'ValuesNotAvailableError';
    this.problems = problems;
  }
}

/**
 * The seed's `kubernetes` job: scrape every pod annotated
 * `prometheus.io/scrape: "true"`, honouring the `prometheus.io/path` and
 * `prometheus.io/port` annotations, and label each series with its cluster.
 */
function kubernetesPodJob(clusterLabel: string) {
  return {
    job_name: 'kubernetes',
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
        action: 'keep',
        regex: 'true',
      },
      {
        source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
        action: 'replace',
        regex: '(.+)',
        target_label: '__metrics_path__',
      },
      {
        source_labels: [
          '__address__',
          '__meta_kubernetes_pod_annotation_prometheus_io_port',
        ],
        action: 'replace',
        regex: '([^:]+)(?::\\d+)?;(\\d+)',
        replacement: '$1:$2',
        target_label: '__address__',
      },
      { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { action: 'replace', target_label: 'cluster', replacement: clusterLabel },
    ],
  };
}

function authSettings(auth: RemoteWriteAuth): Record<string, unknown> {
  switch (auth.type) {
    case 'basic':
      return {
        basicAuth: {
          username: { name: auth.secretName, key: 'username' },
          password: { name: auth.secretName, key: 'password' },
        },
      };
    case 'bearer':
      return {
        authorization: {
          type: 'Bearer',
          credentials: { name: auth.secretName, key: 'token' },
        },
      };
    case 'mtls':
      return {
        tlsConfig: {
          ca: { secret: { name: auth.secretName, key: 'ca.crt' } },
          cert: { secret: { name: auth.secretName, key: 'tls.crt' } },
          keySecret: { name: auth.secretName, key: 'tls.key' },
        },
      };
    default:
      return {};
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function remoteWriteEntry(
  edge: FleetCluster,
  global: FleetCluster,
  queueConfig: QueueConfig | undefined,
) {
  const queue = withoutUndefined({
    ...queueConfig,
    maxShards: edge.maxShards ?? queueConfig?.maxShards,
  });
  return {
    name: `fleet-${global.clusterLabel}`,
    url: global.remoteWriteUrl!,
    ...(edge.tenant ? { headers: { 'X-Scope-OrgID': edge.tenant } } : {}),
    ...authSettings(global.remoteWriteAuth ?? { type: 'none' }),
    ...(Object.keys(queue).length ? { queueConfig: queue } : {}),
  };
}

function edgeValues(edge: FleetCluster, global: FleetCluster, options: ValuesOptions) {
  return {
    prometheus: {
      agentMode: true,
      prometheusSpec: {
        externalLabels: { cluster: edge.clusterLabel },
        remoteWrite: [remoteWriteEntry(edge, global, options.queueConfig)],
        additionalScrapeConfigs: [kubernetesPodJob(edge.clusterLabel)],
      },
    },
    alertmanager: { enabled: false },
    grafana: { enabled: false },
    defaultRules: { create: false },
  };
}

function globalValues(global: FleetCluster) {
  return {
    prometheus: {
      prometheusSpec: {
        enableRemoteWriteReceiver: true,
        externalLabels: { cluster: global.clusterLabel },
        scrapeClasses: [
          {
            name: 'fleet-cluster-label',
            default: true,
            relabelings: [
              { action: 'replace', targetLabel: 'cluster', replacement: global.clusterLabel },
            ],
          },
        ],
        additionalScrapeConfigs: [kubernetesPodJob(global.clusterLabel)],
      },
    },
  };
}

function comment(doc: Document, path: string[], text: string) {
  const node = doc.getIn(path, true) as { commentBefore?: string } | undefined;
  const parent = doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = (parent as YAMLMap).items.find(
      item => (item.key as { value?: unknown })?.value === path[path.length - 1],
    );
    if (pair?.key && typeof pair.key === 'object') {
      (pair.key as { commentBefore?: string }).commentBefore = ` ${text}`;
      return;
    }
  }
  if (node) node.commentBefore = ` ${text}`;
}

function toYaml(
  values: Record<string, unknown>,
  cluster: FleetCluster,
  global: FleetCluster | undefined,
  chartVersion: string,
): string {
  const doc = new Document(values);
  doc.commentBefore = [
    ` kube-prometheus-stack ${chartVersion} values for ${cluster.role} cluster "${cluster.clusterLabel}" (${cluster.ref}).`,
    ' Generated by Prometheus Fleet from the Backstage catalog: change the catalog, not this file.',
  ].join('\n');
  const spec = ['prometheus', 'prometheusSpec'];
  comment(doc, [...spec, 'externalLabels'], 'Every series this cluster sends carries its cluster label.');
  comment(doc, [...spec, 'additionalScrapeConfigs'], 'Pods annotated prometheus.io/scrape: "true", labelled with the cluster.');
  if (cluster.role === 'edge') {
    comment(doc, ['prometheus', 'agentMode'], 'Agent mode: scrape and forward only, no local queries or rules.');
    comment(doc, [...spec, 'remoteWrite'], `Forward everything to the global ${global?.ref}.`);
    comment(doc, ['alertmanager'], 'Agent mode evaluates no rules: Alertmanager, Grafana and rules run at the global.');
  } else {
    comment(doc, [...spec, 'enableRemoteWriteReceiver'], 'Receive the edges\' remote write on /api/v1/write.');
    comment(doc, [...spec, 'scrapeClasses'], 'Label this cluster\'s own scraped series with its cluster label.');
  }
  return doc.toString({ lineWidth: 0 });
}

/** @public */
export function helmCommand(fileName: string, options: ValuesOptions = {}): string {
  const release = options.releaseName ?? DEFAULT_RELEASE_NAME;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const version = options.chartVersion ?? DEFAULT_CHART_VERSION;
  return `helm upgrade --install ${release} ${CHART} --version ${version} --namespace ${namespace} --create-namespace --values ${fileName}`;
}

/**
 * Generates a cluster's kube-prometheus-stack values. `lookup` finds other
 * fleet clusters by ref (an edge needs its global's remote-write settings).
 *
 * @throws ValuesNotAvailableError when the cluster or its global has problems
 * that leave nothing correct to generate.
 * @public
 */
export function generateValues(
  cluster: FleetCluster,
  lookup: (ref: string) => FleetCluster | undefined,
  options: ValuesOptions = {},
): GeneratedValues {
  if (hasBlockingProblems(cluster)) {
    throw new ValuesNotAvailableError(
      cluster.ref,
      cluster.problems.filter(p => p.severity === 'error'),
    );
  }
  const chartVersion = options.chartVersion ?? DEFAULT_CHART_VERSION;
  const global = cluster.global ? lookup(cluster.global) : undefined;
  let values: Record<string, unknown>;
  if (cluster.role === 'edge') {
    if (!global?.remoteWriteUrl) {
      throw new ValuesNotAvailableError(cluster.ref, [
        {
          code: 'global-not-ready',
          message: `Its global ${cluster.global ?? '(none)'} has no usable remote-write URL.`,
          severity: 'error',
        },
      ]);
    }
    values = edgeValues(cluster, global, options);
  } else {
    values = globalValues(cluster);
  }
  const fileName = `values-${cluster.clusterLabel}.yaml`;
  return {
    ref: cluster.ref,
    role: cluster.role,
    clusterLabel: cluster.clusterLabel,
    chartVersion,
    values,
    yaml: toYaml(values, cluster, global, chartVersion),
    fileName,
    helmCommand: helmCommand(fileName, { ...options, chartVersion }),
  };
}
