import { parse } from 'yaml';
import {
  isRecord,
  rejectUnknownFields,
  RenderedPrometheus,
  renderOperatorInput,
  ResourceRenderOptions,
  secretRef,
  TRANSLATED_SPEC_FIELDS,
} from './renderPrometheusConfig';

/** A Kubernetes object as a manifest holds it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  /** Helm renders the namespace into every namespaced object of the chart. */
  metadata: { name: string; namespace: string };
  [field: string]: unknown;
}

/**
 * Spec fields that leave prometheus.yml as the renderer writes it: how the
 * pod runs (image, scheduling, security, flags for logging, storage and the
 * web UI), and which ServiceMonitor, PodMonitor, Probe, ScrapeConfig,
 * PrometheusRule and Alertmanager objects the operator would look up. The rig
 * runs none of those objects but the chart's own Prometheus ServiceMonitor,
 * for which the self-scrape job stands in.
 */
const OUTSIDE_THE_RENDERED_CONFIG = [
  'affinity',
  'alerting',
  'automountServiceAccountToken',
  'enableAdminAPI',
  'enableOTLPReceiver',
  'externalUrl',
  'hostNetwork',
  'image',
  'imagePullPolicy',
  'listenLocal',
  'logFormat',
  'logLevel',
  'paused',
  'podMonitorNamespaceSelector',
  'podMonitorSelector',
  'portName',
  'probeNamespaceSelector',
  'probeSelector',
  'replicas',
  'retention',
  'routePrefix',
  'ruleNamespaceSelector',
  'ruleSelector',
  'scrapeConfigNamespaceSelector',
  'scrapeConfigSelector',
  'securityContext',
  'serviceAccountName',
  'serviceMonitorNamespaceSelector',
  'serviceMonitorSelector',
  // The operator renders for the Prometheus it runs; here that is the binary under test.
  'version',
  'walCompression',
];

/** The kind decides the mode: the chart renders a PrometheusAgent in agent mode. */
const AGENT_MODE_BY_KIND: Record<string, boolean> = {
  Prometheus: false,
  PrometheusAgent: true,
};

function secretText(
  secret: KubernetesObject,
  key: string,
  where: string,
): string {
  // The API server merges stringData into data, stringData winning.
  for (const [field, decode] of [
    ['stringData', (value: string) => value],
    ['data', (value: string) => Buffer.from(value, 'base64').toString('utf8')],
  ] as const) {
    const entries = secret[field];
    if (isRecord(entries) && typeof entries[key] === 'string') {
      return decode(entries[key]);
    }
  }
  throw new Error(`${where}: Secret ${secret.metadata.name} has no key ${key}`);
}

function specLocation(resource: KubernetesObject) {
  return `${resource.kind} ${resource.metadata.namespace}/${resource.metadata.name} spec`;
}

/**
 * The jobs of the Secret key a Prometheus or PrometheusAgent references in
 * `spec.additionalScrapeConfigs`, as Prometheus reads them.
 */
export function readAdditionalScrapeConfigs(
  resource: KubernetesObject,
  secrets: KubernetesObject[],
): unknown[] {
  const reference = (resource.spec as { additionalScrapeConfigs?: unknown })
    .additionalScrapeConfigs;
  if (reference === undefined) return [];
  const location = `${specLocation(resource)}.additionalScrapeConfigs`;
  const { name, key } = secretRef(reference, location);
  const secret = secrets.find(
    candidate =>
      candidate.kind === 'Secret' &&
      candidate.metadata.name === name &&
      candidate.metadata.namespace === resource.metadata.namespace,
  );
  if (!secret) {
    throw new Error(
      `${location}: no Secret ${resource.metadata.namespace}/${name} was given`,
    );
  }
  // Prometheus reads the jobs with a YAML 1.1 parser.
  const jobs = parse(secretText(secret, key, location), { version: '1.1' });
  if (!Array.isArray(jobs)) {
    throw new Error(`${location}: key ${key} of Secret ${name} is not a list`);
  }
  return jobs;
}

/**
 * Renders the prometheus.yml and flags the Prometheus Operator produces from
 * a Prometheus or PrometheusAgent as Helm rendered it, with the Secrets it
 * references (its additional scrape configs). Fields it neither translates
 * nor knows to leave the config alone fail, as in renderPrometheusConfig.
 */
export function renderPrometheusConfigFromResource(
  resource: KubernetesObject,
  secrets: KubernetesObject[],
  options: ResourceRenderOptions,
): RenderedPrometheus {
  const agentMode = AGENT_MODE_BY_KIND[resource.kind];
  if (agentMode === undefined) {
    throw new Error(`${resource.kind} is not a Prometheus or PrometheusAgent`);
  }
  if (!isRecord(resource.spec)) {
    throw new Error(`${specLocation(resource)} is not an object`);
  }
  const { additionalScrapeConfigs: _reference, ...spec } = resource.spec;
  rejectUnknownFields(
    spec,
    [...TRANSLATED_SPEC_FIELDS, ...OUTSIDE_THE_RENDERED_CONFIG, 'shards'],
    specLocation(resource),
  );
  // More than one shard makes the operator split targets by hashmod relabelling.
  if (spec.shards !== undefined && spec.shards !== 1) {
    throw new Error(
      `${specLocation(resource)}.shards is ${spec.shards}; only 1 is rendered`,
    );
  }
  const translated = Object.fromEntries(
    Object.entries(spec).filter(([field]) =>
      TRANSLATED_SPEC_FIELDS.includes(field),
    ),
  );
  return renderOperatorInput(
    {
      agentMode,
      spec: {
        ...translated,
        additionalScrapeConfigs: readAdditionalScrapeConfigs(resource, secrets),
      },
      namespace: resource.metadata.namespace,
      resourceName: resource.metadata.name,
      where: specLocation(resource),
    },
    options,
  );
}
