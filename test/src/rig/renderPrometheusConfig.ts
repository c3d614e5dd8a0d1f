import path from 'node:path';
import {
  DEFAULT_NAMESPACE,
  DEFAULT_RELEASE_NAME,
  GeneratedValues,
  QueueConfig,
} from 'backstage-plugin-prometheus-fleet-common';
import { podTargetGroup, SimulatedPod } from './simulatedPods';

/** Debian's `prometheus` package, which the rig and the promtool checks run. */
export const RIG_PROMETHEUS_VERSION = '2.42.0';

/** Operator defaults for fields the generated values leave unset. */
const DEFAULT_SCRAPE_INTERVAL = '30s';
const DEFAULT_EVALUATION_INTERVAL = '30s';
const DEFAULT_REMOTE_TIMEOUT = '30s';

export const SELF_SCRAPE_JOB = 'prometheus-self';

export interface SecretKeyRef {
  name: string;
  key: string;
}

export interface RenderOptions {
  /** `host:port` the Prometheus listens on: the target of its self-scrape job. */
  listenAddress: string;
  /** Stands in for the operator's TLS assets mount, `/etc/prometheus/certs`. */
  tlsAssetsDir: string;
  /** `prometheusSpec.scrapeInterval`; the operator's default is 30s. */
  scrapeInterval?: string;
  /** Replaces the URL of every remote write, e.g. to write through a fault-injecting gate. */
  remoteWriteUrl?: string;
  /** What `kubernetes_sd_configs` (role pod) would discover in the cluster. */
  pods?: SimulatedPod[];
  /** The operator leaves out fields this Prometheus version does not know. */
  prometheusVersion?: string;
  /** Contents of the Secret keys the values reference; placeholders by default. */
  secretValue?: (ref: SecretKeyRef) => string;
  /** Helm release namespace and name, as given to `generateValues`. */
  namespace?: string;
  releaseName?: string;
}

export interface RenderedPrometheus {
  agentMode: boolean;
  /** The prometheus.yml the operator renders, as an object. */
  config: Record<string, unknown>;
  /** Command-line flags the operator derives from the same spec. */
  flags: string[];
  /** Files of the TLS assets mount: absolute path to contents. */
  tlsAssets: Record<string, string>;
  /** Fields the operator drops for this Prometheus version. */
  warnings: string[];
}

type Values = Record<string, unknown>;

const SPEC_FIELDS = [
  'externalLabels',
  'remoteWrite',
  'additionalScrapeConfigs',
  'enableRemoteWriteReceiver',
  'scrapeClasses',
];
const REMOTE_WRITE_FIELDS = [
  'name',
  'url',
  'headers',
  'basicAuth',
  'authorization',
  'tlsConfig',
  'queueConfig',
  'remoteTimeout',
];
/** Operator `queueConfig` field, Prometheus field, first Prometheus version that has it. */
const QUEUE_FIELDS: ReadonlyArray<[keyof QueueConfig, string, string?]> = [
  ['capacity', 'capacity'],
  ['minShards', 'min_shards', '2.6.0'],
  ['maxShards', 'max_shards'],
  ['maxSamplesPerSend', 'max_samples_per_send'],
  ['batchSendDeadline', 'batch_send_deadline'],
  ['minBackoff', 'min_backoff'],
  ['maxBackoff', 'max_backoff'],
  ['retryOnRateLimit', 'retry_on_http_429', '2.26.0'],
  ['sampleAgeLimit', 'sample_age_limit', '2.50.0'],
];
const RELABELING_FIELDS: Record<string, string> = {
  sourceLabels: 'source_labels',
  separator: 'separator',
  targetLabel: 'target_label',
  regex: 'regex',
  modulus: 'modulus',
  replacement: 'replacement',
  action: 'action',
};

function isRecord(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(parent: Values, key: string, where: string): Values {
  const value = parent[key] ?? {};
  if (!isRecord(value)) {
    throw new Error(`${where}.${key} must be an object`);
  }
  return value;
}

function list(parent: Values, key: string, where: string): Values[] {
  const value = parent[key] ?? [];
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw new Error(`${where}.${key} must be a list of objects`);
  }
  return value;
}

/**
 * A field the renderer does not translate would silently vanish from the
 * rendered config, and the checks built on it would pass for the wrong reason.
 */
function rejectUnknownFields(
  value: Values,
  known: readonly string[],
  where: string,
) {
  const unknown = Object.keys(value).filter(key => !known.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `${where} has ${unknown.join(
        ', ',
      )}, which renderPrometheusConfig does not translate yet`,
    );
  }
}

function isAtLeast(version: string, minimum: string): boolean {
  const parse = (v: string) =>
    v.replace(/^v/, '').split(/[.+-]/).slice(0, 3).map(Number);
  const [actual, wanted] = [parse(version), parse(minimum)];
  for (let i = 0; i < 3; i++) {
    if (actual[i] !== wanted[i]) return actual[i] > wanted[i];
  }
  return true;
}

/**
 * Name of the Prometheus resource the chart creates: its `fullname` helper
 * (release name, prefixed to the chart name unless it contains it, cut at 26
 * characters) plus `-prometheus`.
 */
function prometheusResourceName(releaseName: string): string {
  const chart = 'kube-prometheus-stack';
  const fullname = releaseName.includes(chart)
    ? releaseName
    : `${releaseName}-${chart}`;
  return `${fullname.slice(0, 26).replace(/-+$/, '')}-prometheus`;
}

/**
 * The operator adds `prometheus` and `prometheus_replica` to the external
 * labels; the config reloader substitutes the pod name for `$(POD_NAME)`.
 */
function externalLabels(
  spec: Values,
  agentMode: boolean,
  namespace: string,
  releaseName: string,
) {
  const resource = prometheusResourceName(releaseName);
  const labels: Record<string, string> = {
    prometheus: `${namespace}/${resource}`,
    prometheus_replica: `${
      agentMode ? 'prom-agent' : 'prometheus'
    }-${resource}-0`,
  };
  for (const [name, value] of Object.entries(
    child(spec, 'externalLabels', 'prometheusSpec'),
  )) {
    if (!(name in labels)) labels[name] = String(value);
  }
  return Object.fromEntries(
    Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)),
  );
}

function secretRef(value: unknown, where: string): SecretKeyRef {
  if (
    !isRecord(value) ||
    typeof value.name !== 'string' ||
    typeof value.key !== 'string'
  ) {
    throw new Error(`${where} must reference a Secret key ({ name, key })`);
  }
  return { name: value.name, key: value.key };
}

function placeholderSecret({ name, key }: SecretKeyRef): string {
  return `placeholder for key ${key} of Secret ${name}\n`;
}

interface RenderContext {
  version: string;
  namespace: string;
  options: RenderOptions;
  tlsAssets: Record<string, string>;
  warnings: string[];
}

/** The operator mounts each referenced TLS Secret key as a file named after it. */
function tlsAssetFile(ref: SecretKeyRef, context: RenderContext): string {
  const file = path.join(
    context.options.tlsAssetsDir,
    `0_${context.namespace}_${ref.name}_${ref.key}`,
  );
  context.tlsAssets[file] = (context.options.secretValue ?? placeholderSecret)(
    ref,
  );
  return file;
}

function tlsConfig(value: Values, where: string, context: RenderContext) {
  rejectUnknownFields(value, ['ca', 'cert', 'keySecret'], where);
  const config: Record<string, string> = {};
  if (value.ca !== undefined) {
    config.ca_file = tlsAssetFile(
      secretRef(child(value, 'ca', where).secret, `${where}.ca.secret`),
      context,
    );
  }
  if (value.cert !== undefined) {
    config.cert_file = tlsAssetFile(
      secretRef(child(value, 'cert', where).secret, `${where}.cert.secret`),
      context,
    );
  }
  if (value.keySecret !== undefined) {
    config.key_file = tlsAssetFile(
      secretRef(value.keySecret, `${where}.keySecret`),
      context,
    );
  }
  return config;
}

function queueConfig(value: Values, where: string, context: RenderContext) {
  rejectUnknownFields(
    value,
    QUEUE_FIELDS.map(([field]) => field),
    where,
  );
  const config: Record<string, unknown> = {};
  for (const [field, prometheusField, minimumVersion] of QUEUE_FIELDS) {
    // The operator writes only fields set to a non-zero, non-false value.
    if (!value[field]) continue;
    if (minimumVersion && !isAtLeast(context.version, minimumVersion)) {
      context.warnings.push(
        `${where}.${field} needs Prometheus ${minimumVersion} or later; the operator leaves it out for ${context.version}`,
      );
      continue;
    }
    config[prometheusField] = value[field];
  }
  return config;
}

/** Secrets for basic auth and authorization are inlined by the operator, TLS keys are mounted files. */
function remoteWrite(entry: Values, index: number, context: RenderContext) {
  const where = `prometheusSpec.remoteWrite[${index}]`;
  rejectUnknownFields(entry, REMOTE_WRITE_FIELDS, where);
  const secret = context.options.secretValue ?? placeholderSecret;
  const config: Record<string, unknown> = {
    url: context.options.remoteWriteUrl ?? entry.url,
    remote_timeout: entry.remoteTimeout ?? DEFAULT_REMOTE_TIMEOUT,
  };
  if (entry.headers !== undefined)
    config.headers = child(entry, 'headers', where);
  if (entry.name !== undefined) config.name = entry.name;
  if (entry.basicAuth !== undefined) {
    const basicAuth = child(entry, 'basicAuth', where);
    rejectUnknownFields(
      basicAuth,
      ['username', 'password'],
      `${where}.basicAuth`,
    );
    config.basic_auth = {
      username: secret(
        secretRef(basicAuth.username, `${where}.basicAuth.username`),
      ),
      password: secret(
        secretRef(basicAuth.password, `${where}.basicAuth.password`),
      ),
    };
  }
  if (entry.tlsConfig !== undefined) {
    config.tls_config = tlsConfig(
      child(entry, 'tlsConfig', where),
      `${where}.tlsConfig`,
      context,
    );
  }
  if (entry.authorization !== undefined) {
    const authorization = child(entry, 'authorization', where);
    rejectUnknownFields(
      authorization,
      ['type', 'credentials'],
      `${where}.authorization`,
    );
    config.authorization = {
      type: String(authorization.type ?? 'Bearer').trim(),
      ...(authorization.credentials !== undefined
        ? {
            credentials: secret(
              secretRef(
                authorization.credentials,
                `${where}.authorization.credentials`,
              ),
            ),
          }
        : {}),
    };
  }
  if (entry.queueConfig !== undefined) {
    config.queue_config = queueConfig(
      child(entry, 'queueConfig', where),
      `${where}.queueConfig`,
      context,
    );
  }
  return config;
}

function relabeling(value: Values, where: string) {
  rejectUnknownFields(value, Object.keys(RELABELING_FIELDS), where);
  return Object.fromEntries(
    Object.entries(value).map(([field, fieldValue]) => [
      RELABELING_FIELDS[field],
      field === 'action' ? String(fieldValue).toLowerCase() : fieldValue,
    ]),
  );
}

/**
 * The chart scrapes Prometheus itself through a ServiceMonitor, to which the
 * operator applies the default scrape class; a static job stands in for it.
 */
function selfScrapeJob(spec: Values, listenAddress: string) {
  const classes = list(spec, 'scrapeClasses', 'prometheusSpec');
  const defaultClass = classes.find(
    scrapeClass => scrapeClass.default === true,
  );
  const job: Record<string, unknown> = {
    job_name: SELF_SCRAPE_JOB,
    static_configs: [{ targets: [listenAddress] }],
  };
  if (defaultClass) {
    const where = `prometheusSpec.scrapeClasses[${classes.indexOf(
      defaultClass,
    )}]`;
    rejectUnknownFields(
      defaultClass,
      ['name', 'default', 'relabelings'],
      where,
    );
    job.relabel_configs = list(defaultClass, 'relabelings', where).map(
      (value, i) => relabeling(value, `${where}.relabelings[${i}]`),
    );
  }
  return job;
}

function withSimulatedPods(job: Values, index: number, pods: SimulatedPod[]) {
  const { kubernetes_sd_configs: sdConfigs, ...rest } = job;
  if (sdConfigs === undefined) return job;
  const where = `prometheusSpec.additionalScrapeConfigs[${index}].kubernetes_sd_configs`;
  if (
    !Array.isArray(sdConfigs) ||
    sdConfigs.some(sd => !isRecord(sd) || sd.role !== 'pod')
  ) {
    throw new Error(`${where}: only role pod can be simulated`);
  }
  return { ...rest, static_configs: pods.map(podTargetGroup) };
}

/**
 * Renders the prometheus.yml the Prometheus Operator produces from a
 * cluster's generated kube-prometheus-stack values, for a Prometheus without
 * Kubernetes discovery: `kubernetes_sd_configs` become static targets with
 * the labels discovery would attach, and the relabel rules stay as generated.
 */
export function renderPrometheusConfig(
  generated: GeneratedValues,
  options: RenderOptions,
): RenderedPrometheus {
  const prometheus = child(generated.values, 'prometheus', 'values');
  const spec = child(prometheus, 'prometheusSpec', 'prometheus');
  rejectUnknownFields(spec, SPEC_FIELDS, 'prometheusSpec');
  const agentMode = prometheus.agentMode === true;
  const context: RenderContext = {
    version: options.prometheusVersion ?? RIG_PROMETHEUS_VERSION,
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    options,
    tlsAssets: {},
    warnings: [],
  };

  const global: Record<string, unknown> = {
    scrape_interval: options.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL,
    ...(agentMode ? {} : { evaluation_interval: DEFAULT_EVALUATION_INTERVAL }),
    external_labels: externalLabels(
      spec,
      agentMode,
      context.namespace,
      options.releaseName ?? DEFAULT_RELEASE_NAME,
    ),
  };
  const additional = list(
    spec,
    'additionalScrapeConfigs',
    'prometheusSpec',
  ).map((job, i) => withSimulatedPods(job, i, options.pods ?? []));
  const self = selfScrapeJob(spec, options.listenAddress);
  // The operator lists ServiceMonitor jobs before additional ones on a server, after them on an agent.
  const scrapeConfigs = agentMode
    ? [...additional, self]
    : [self, ...additional];
  const remoteWrites = list(spec, 'remoteWrite', 'prometheusSpec').map(
    (entry, i) => remoteWrite(entry, i, context),
  );

  const flags: string[] = [];
  if (agentMode) {
    flags.push(
      isAtLeast(context.version, '3.0.0')
        ? '--agent'
        : '--enable-feature=agent',
    );
  }
  if (spec.enableRemoteWriteReceiver === true) {
    flags.push('--web.enable-remote-write-receiver');
  }

  return {
    agentMode,
    config: {
      global,
      scrape_configs: scrapeConfigs,
      ...(remoteWrites.length > 0 ? { remote_write: remoteWrites } : {}),
    },
    flags,
    tlsAssets: context.tlsAssets,
    warnings: context.warnings,
  };
}
