import {
  ANNOTATION_ENGINE,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_TENANT,
} from './annotations';
import { edgeTenantHeaders, ENGINE_TRAITS, FleetEngine } from './engines';
import { engineOnboarding, hasEngineProblems } from './engineSetup';
import { hasBlockingProblems } from './fleet';
import { ClusterLookup, FleetLookup } from './fleetLookup';
import { FLEET_RULES_NAME, globalRuleGroups, RuleGroup } from './rules';
import { maxShardsBelowMinShards } from './shards';
import {
  ClusterProblem,
  FleetCluster,
  GeneratedValues,
  QueueConfig,
  RemoteWriteAuth,
  ValuesOptions,
} from './types';
import { CommentedValues, renderYaml } from './valuesYaml';

/** The kube-prometheus-stack version the generator is written and tested against. @public */
export const DEFAULT_CHART_VERSION = '88.5.3';
/** @public */
export const DEFAULT_RELEASE_NAME = 'kube-prometheus-stack';
/** @public */
export const DEFAULT_NAMESPACE = 'monitoring';
const CHART_REPO = 'prometheus-community';
const CHART = `${CHART_REPO}/kube-prometheus-stack`;

/**
 * What `helmCommand` needs first on a machine that has not installed the
 * chart before: its repository, added and refreshed.
 *
 * @public
 */
export const HELM_REPO_COMMANDS: readonly string[] = Object.freeze([
  `helm repo add ${CHART_REPO} https://prometheus-community.github.io/helm-charts`,
  `helm repo update ${CHART_REPO}`,
]);

/** Thrown when a cluster's problems leave nothing correct to generate. @public */
export class ValuesNotAvailableError extends Error {
  readonly problems: ClusterProblem[];
  constructor(ref: string, problems: ClusterProblem[]) {
    super(
      `Cannot generate values for ${ref}: ${problems
        .map(p => p.message)
        .join(' ')}`,
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
        source_labels: [
          '__meta_kubernetes_pod_annotation_prometheus_io_scrape',
        ],
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
      {
        source_labels: ['__meta_kubernetes_namespace'],
        target_label: 'namespace',
      },
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

/** The engine of a global; one resolved before engines existed is a Prometheus. */
function engineOf(global: FleetCluster): FleetEngine {
  return global.engine ?? 'prometheus';
}

/** A global whose remote-write settings are usable. */
type WritableGlobal = FleetCluster &
  Required<Pick<FleetCluster, 'remoteWriteUrl' | 'remoteWriteAuth'>>;

function isWritable(
  global: FleetCluster | undefined,
): global is WritableGlobal {
  return Boolean(global?.remoteWriteUrl && global.remoteWriteAuth);
}

function withHeaders(headers: Record<string, string> | undefined) {
  return headers ? { headers } : {};
}

function remoteWriteEntry(
  edge: FleetCluster,
  global: WritableGlobal,
  queueConfig: QueueConfig | undefined,
) {
  const queue = withoutUndefined({
    ...queueConfig,
    maxShards: edge.maxShards ?? queueConfig?.maxShards,
  });
  return {
    name: `fleet-${global.clusterLabel}`,
    url: global.remoteWriteUrl,
    ...withHeaders(edgeTenantHeaders(edge, engineOf(global))),
    ...authSettings(global.remoteWriteAuth),
    ...(global.remoteWriteProtocol === 'v2' ? { messageVersion: 'V2.0' } : {}),
    ...(Object.keys(queue).length ? { queueConfig: queue } : {}),
  };
}

function edgeValues(
  edge: FleetCluster,
  global: WritableGlobal,
  options: ValuesOptions,
) {
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

/**
 * A global's rules, unless turned off or its edges are unknown: rules that
 * expect no edge would never alert.
 */
function globalRules(
  global: FleetCluster,
  lookup: ClusterLookup | FleetLookup,
  options: ValuesOptions,
): RuleGroup[] | undefined {
  if (options.rules?.enabled === false || typeof lookup === 'function') {
    return undefined;
  }
  return globalRuleGroups(global, lookup.edgesOf(global.ref), options);
}

function globalValues(global: FleetCluster, rules: RuleGroup[] | undefined) {
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
              {
                action: 'replace',
                targetLabel: 'cluster',
                replacement: global.clusterLabel,
              },
            ],
          },
        ],
        additionalScrapeConfigs: [kubernetesPodJob(global.clusterLabel)],
      },
    },
    ...(rules
      ? {
          additionalPrometheusRulesMap: {
            [FLEET_RULES_NAME]: { groups: rules },
          },
        }
      : {}),
  };
}

/** What Remote-Write 2.0 asks of both ends, and how a mismatch shows. */
const REMOTE_WRITE_2_NEEDS =
  'It needs Prometheus 3.0 or later at the global and every edge: a 2.x global answers 204 but stores nothing, and the edge reads silent, so check prometheus.prometheusSpec.image.tag (or version) at both ends.';

function valuesComments(
  cluster: FleetCluster,
  global: FleetCluster | undefined,
  chartVersion: string,
  values: Record<string, unknown>,
): Pick<CommentedValues, 'header' | 'notes'> {
  const spec = ['prometheus', 'prometheusSpec'];
  const notes = [
    {
      path: [...spec, 'externalLabels'],
      text: 'Every series this cluster sends carries its cluster label.',
    },
    {
      path: [...spec, 'additionalScrapeConfigs'],
      text: 'Pods annotated prometheus.io/scrape: "true", labelled with the cluster.',
    },
  ];
  if (cluster.role === 'edge') {
    notes.push(
      {
        path: ['prometheus', 'agentMode'],
        text: 'Agent mode: scrape and forward only, no local queries or rules.',
      },
      {
        path: [...spec, 'remoteWrite'],
        text: `Forward everything to the global ${global?.ref}.`,
      },
      {
        path: ['alertmanager'],
        text: 'Agent mode evaluates no rules: Alertmanager, Grafana and rules run at the global.',
      },
    );
    const engine = global ? engineOf(global) : 'prometheus';
    const tenantHeader = ENGINE_TRAITS[engine].tenantHeader;
    if (tenantHeader) {
      notes.push({
        path: [...spec, 'remoteWrite', '0', 'headers'],
        text: cluster.tenant
          ? `Write as tenant ${cluster.tenant} (${ANNOTATION_TENANT}) in ${ENGINE_TRAITS[engine].name}'s tenant header.`
          : `No ${ANNOTATION_TENANT}: write as ${ENGINE_TRAITS[engine].name}'s default tenant.`,
      });
    }
    if (global?.remoteWriteProtocol === 'v2') {
      notes.push({
        path: [...spec, 'remoteWrite', '0', 'messageVersion'],
        text: `Send Remote-Write 2.0 (${ANNOTATION_REMOTE_WRITE_PROTOCOL}: v2 on the global). ${REMOTE_WRITE_2_NEEDS}`,
      });
    }
  } else {
    notes.push(
      {
        path: [...spec, 'enableRemoteWriteReceiver'],
        text:
          cluster.remoteWriteProtocol === 'v2'
            ? `Receive the edges' remote write on /api/v1/write. They send Remote-Write 2.0 (${ANNOTATION_REMOTE_WRITE_PROTOCOL}: v2), which Prometheus 3 accepts beside 1.0 by default. ${REMOTE_WRITE_2_NEEDS} remoteWriteReceiverMessageVersions stays unset: the operator joins [V1.0, V2.0] into one flag value, which Prometheus refuses to start with.`
            : "Receive the edges' remote write on /api/v1/write.",
      },
      {
        path: [...spec, 'scrapeClasses'],
        text: "Label this cluster's own scraped series with its cluster label.",
      },
    );
    if ('additionalPrometheusRulesMap' in values) {
      notes.push({
        path: ['additionalPrometheusRulesMap'],
        text: 'Alerts on the catalog edges of this global (silent, behind, desired shards, failures) and the prometheus_fleet:* series they use; prometheusFleet.rules.enabled: false leaves them out.',
      });
    }
  }
  return {
    header: [
      `kube-prometheus-stack ${chartVersion} values for ${cluster.role} cluster "${cluster.clusterLabel}" (${cluster.ref}).`,
      'Generated by Prometheus Fleet from the Backstage catalog: change the catalog, not this file.',
    ],
    notes,
  };
}

/** @public */
export function helmCommand(
  fileName: string,
  options: ValuesOptions = {},
): string {
  const release = options.releaseName ?? DEFAULT_RELEASE_NAME;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const version = options.chartVersion ?? DEFAULT_CHART_VERSION;
  return `helm upgrade --install ${release} ${CHART} --version ${version} --namespace ${namespace} --create-namespace --values ${fileName}`;
}

/**
 * Generates a cluster's kube-prometheus-stack values. `lookup` finds other
 * fleet clusters by ref (an edge needs its global's remote-write settings);
 * a {@link FleetLookup} also knows each global's edges, which a global's
 * alerting rules need: given a ref lookup only, a global's values carry no
 * rules.
 *
 * @throws ValuesNotAvailableError when the cluster or its global has problems
 * that leave nothing correct to generate.
 * @public
 */
export function generateValues(
  cluster: FleetCluster,
  lookup: ClusterLookup | FleetLookup,
  options: ValuesOptions = {},
): GeneratedValues {
  if (hasBlockingProblems(cluster)) {
    throw new ValuesNotAvailableError(
      cluster.ref,
      cluster.problems.filter(p => p.severity === 'error'),
    );
  }
  const chartVersion = options.chartVersion ?? DEFAULT_CHART_VERSION;
  const findCluster = typeof lookup === 'function' ? lookup : lookup.cluster;
  const global = cluster.global ? findCluster(cluster.global) : undefined;
  const fileName = `values-${cluster.clusterLabel}.yaml`;
  let values: Record<string, unknown>;
  if (cluster.role === 'edge') {
    // resolveFleet flags these edges; a lookup into another fleet may not.
    if (!isWritable(global)) {
      throw new ValuesNotAvailableError(cluster.ref, [
        {
          code: 'global-not-ready',
          message: `Its global ${
            cluster.global ?? '(none)'
          } has no usable remote-write settings.`,
          severity: 'error',
        },
      ]);
    }
    // resolveFleet flags these edges when given the queue config; a caller
    // that did not pass it may not.
    const shardsProblem = maxShardsBelowMinShards(cluster, options.queueConfig);
    if (shardsProblem) {
      throw new ValuesNotAvailableError(cluster.ref, [shardsProblem]);
    }
    if (hasEngineProblems(global)) {
      throw new ValuesNotAvailableError(cluster.ref, [
        {
          code: 'global-not-ready',
          message: `Its global ${global.ref} has no settled engine.`,
          severity: 'error',
        },
      ]);
    }
    values = edgeValues(cluster, global, options);
  } else if (cluster.engine && cluster.engine !== 'prometheus') {
    return engineGlobalFile(cluster, cluster.engine, chartVersion, fileName);
  } else {
    values = globalValues(cluster, globalRules(cluster, lookup, options));
  }
  const engine = global ? engineOf(global) : 'prometheus';
  return {
    ref: cluster.ref,
    role: cluster.role,
    clusterLabel: cluster.clusterLabel,
    chartVersion,
    values,
    yaml: renderYaml({
      values,
      ...valuesComments(cluster, global, chartVersion, values),
    }),
    fileName,
    helmCommand: helmCommand(fileName, { ...options, chartVersion }),
    ...(engine === 'prometheus' ? {} : { engine }),
  };
}

/**
 * The values of a global that is not a Prometheus: nothing to install, only
 * comments saying what to configure on its engine, which `onboarding` says
 * too.
 */
function engineGlobalFile(
  cluster: FleetCluster,
  engine: Exclude<FleetEngine, 'prometheus'>,
  chartVersion: string,
  fileName: string,
): GeneratedValues {
  const onboarding = engineOnboarding(cluster, engine);
  const values: Record<string, unknown> = {};
  return {
    ref: cluster.ref,
    role: cluster.role,
    clusterLabel: cluster.clusterLabel,
    chartVersion,
    values,
    yaml: renderYaml({
      values,
      header: [
        `No kube-prometheus-stack values for global cluster "${cluster.clusterLabel}" (${cluster.ref}): it is a ${ENGINE_TRAITS[engine].name} (engine ${engine}, from its query endpoint in app-config or its ${ANNOTATION_ENGINE} annotation).`,
        'Generated by Prometheus Fleet from the Backstage catalog: change the catalog, not this file.',
        ...onboarding,
      ],
      notes: [],
    }),
    fileName,
    helmCommand: `# Nothing to install with helm on this ${ENGINE_TRAITS[engine].name} global: configure ${ENGINE_TRAITS[engine].name} as ${fileName} says.`,
    engine,
    onboarding: onboarding.join(' '),
  };
}
