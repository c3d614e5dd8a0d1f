import path from 'node:path';
import {
  DEFAULT_NAMESPACE,
  DEFAULT_RELEASE_NAME,
  GeneratedValues,
  QueueConfig,
} from 'backstage-plugin-prometheus-fleet-common';
import { PrometheusMajor, RIG_PROMETHEUS_MAJOR } from './binaries';
import { podTargetGroup, SimulatedPod } from './simulatedPods';

/** What scripts/provision-servers.sh provides of each line: Debian sid's 3.x and bookworm's 2.42. */
export const PROVISIONED_PROMETHEUS_VERSIONS: Record<PrometheusMajor, string> =
  { 3: '3.5.3', 2: '2.42.0' };
/** The version configs are rendered for unless the caller knows the binary's own. */
export const RIG_PROMETHEUS_VERSION =
  PROVISIONED_PROMETHEUS_VERSIONS[RIG_PROMETHEUS_MAJOR];

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

/**
 * Spec fields the renderer translates; `additionalScrapeConfigs` is the list
 * of jobs here (in the values; the resource holds a Secret key reference).
 */
export const TRANSLATED_SPEC_FIELDS = [
  'externalLabels',
  'remoteWrite',
  'additionalScrapeConfigs',
  'enableRemoteWriteReceiver',
  'remoteWriteReceiverMessageVersions',
  'scrapeClasses',
  'tsdb',
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
  'messageVersion',
];
/** The operator's `messageVersion` values and the protobuf messages Prometheus names them by. */
const PROTOBUF_MESSAGES: Record<string, string> = {
  'V1.0': 'prometheus.WriteRequest',
  'V2.0': 'io.prometheus.write.v2.Request',
};
/** First version with remote-write 2.0: `protobuf_message` and the receiver's accepted messages. */
const REMOTE_WRITE_2_VERSION = '2.54.0';
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

export function isRecord(value: unknown): value is Values {
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
export function rejectUnknownFields(
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
function externalLabels(input: OperatorInput) {
  const { agentMode, namespace, resourceName } = input;
  const labels: Record<string, string> = {
    prometheus: `${namespace}/${resourceName}`,
    prometheus_replica: `${
      agentMode ? 'prom-agent' : 'prometheus'
    }-${resourceName}-0`,
  };
  for (const [name, value] of Object.entries(
    child(input.spec, 'externalLabels', input.where),
  )) {
    if (!(name in labels)) labels[name] = String(value);
  }
  return Object.fromEntries(
    Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)),
  );
}

export function secretRef(value: unknown, where: string): SecretKeyRef {
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

/**
 * What the operator reads of a Prometheus or PrometheusAgent: the fields of
 * TRANSLATED_SPEC_FIELDS, with `additionalScrapeConfigs` as the jobs.
 */
export interface OperatorInput {
  agentMode: boolean;
  spec: Values;
  namespace: string;
  /** `metadata.name` of the Prometheus or PrometheusAgent. */
  resourceName: string;
  /** Where the spec comes from, for error messages. */
  where: string;
}

/** Namespace and release name only matter to values; a resource carries its own. */
export type ResourceRenderOptions = Omit<
  RenderOptions,
  'namespace' | 'releaseName'
>;

interface RenderContext {
  version: string;
  namespace: string;
  where: string;
  options: ResourceRenderOptions;
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

/** Below REMOTE_WRITE_2_VERSION the operator drops the setting with a warning. */
function protobufMessage(
  messageVersion: unknown,
  where: string,
  context: RenderContext,
): string | undefined {
  const message = PROTOBUF_MESSAGES[String(messageVersion)];
  if (!message) {
    throw new Error(
      `${where} is ${JSON.stringify(
        messageVersion,
      )}; the operator knows ${Object.keys(PROTOBUF_MESSAGES).join(', ')}`,
    );
  }
  if (!isAtLeast(context.version, REMOTE_WRITE_2_VERSION)) {
    context.warnings.push(
      `${where} needs Prometheus ${REMOTE_WRITE_2_VERSION} or later; the operator leaves it out for ${context.version}`,
    );
    return undefined;
  }
  return message;
}

/** Secrets for basic auth and authorization are inlined by the operator, TLS keys are mounted files. */
function remoteWrite(entry: Values, index: number, context: RenderContext) {
  const where = `${context.where}.remoteWrite[${index}]`;
  rejectUnknownFields(entry, REMOTE_WRITE_FIELDS, where);
  const secret = context.options.secretValue ?? placeholderSecret;
  const config: Record<string, unknown> = {
    url: context.options.remoteWriteUrl ?? entry.url,
    remote_timeout: entry.remoteTimeout ?? DEFAULT_REMOTE_TIMEOUT,
  };
  if (entry.headers !== undefined)
    config.headers = child(entry, 'headers', where);
  if (entry.name !== undefined) config.name = entry.name;
  if (entry.messageVersion !== undefined) {
    const message = protobufMessage(
      entry.messageVersion,
      `${where}.messageVersion`,
      context,
    );
    if (message) config.protobuf_message = message;
  }
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
function selfScrapeJob(input: OperatorInput, listenAddress: string) {
  const classes = list(input.spec, 'scrapeClasses', input.where);
  const defaultClass = classes.find(
    scrapeClass => scrapeClass.default === true,
  );
  const job: Record<string, unknown> = {
    job_name: SELF_SCRAPE_JOB,
    static_configs: [{ targets: [listenAddress] }],
  };
  if (defaultClass) {
    const where = `${input.where}.scrapeClasses[${classes.indexOf(
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

function withSimulatedPods(job: Values, where: string, pods: SimulatedPod[]) {
  const { kubernetes_sd_configs: sdConfigs, ...rest } = job;
  if (sdConfigs === undefined) return job;
  if (
    !Array.isArray(sdConfigs) ||
    sdConfigs.some(sd => !isRecord(sd) || sd.role !== 'pod')
  ) {
    throw new Error(
      `${where}.kubernetes_sd_configs: only role pod can be simulated`,
    );
  }
  return { ...rest, static_configs: pods.map(podTargetGroup) };
}

/**
 * The operator writes the TSDB's out-of-order window into prometheus.yml; an
 * agent's WAL has it from 2.54 on.
 */
function storage(input: OperatorInput, context: RenderContext) {
  if (input.spec.tsdb === undefined) return undefined;
  const where = `${input.where}.tsdb`;
  const tsdb = child(input.spec, 'tsdb', input.where);
  rejectUnknownFields(tsdb, ['outOfOrderTimeWindow'], where);
  if (tsdb.outOfOrderTimeWindow === undefined) return undefined;
  const minimumVersion = input.agentMode ? '2.54.0' : '2.39.0';
  if (!isAtLeast(context.version, minimumVersion)) {
    context.warnings.push(
      `${where}.outOfOrderTimeWindow needs Prometheus ${minimumVersion} or later${
        input.agentMode ? ' in agent mode' : ''
      }; the operator leaves it out for ${context.version}`,
    );
    return undefined;
  }
  return { tsdb: { out_of_order_time_window: tsdb.outOfOrderTimeWindow } };
}

/**
 * The operator passes the accepted messages as one comma-separated value
 * (`BuildCommonPrometheusArgs` in prometheus-operator's
 * pkg/prometheus/promcfg.go, v0.93), where Prometheus takes one message per
 * flag: the flags here are the operator's, so a check that starts Prometheus
 * with them sees what a cluster would.
 */
function receiverFlags(input: OperatorInput, context: RenderContext) {
  if (input.spec.enableRemoteWriteReceiver !== true) return [];
  const flags = ['--web.enable-remote-write-receiver'];
  const where = `${input.where}.remoteWriteReceiverMessageVersions`;
  const versions = input.spec.remoteWriteReceiverMessageVersions ?? [];
  if (!Array.isArray(versions)) throw new Error(`${where} must be a list`);
  const messages = versions.map((version, i) =>
    protobufMessage(version, `${where}[${i}]`, context),
  );
  if (messages.length > 0 && messages.every(Boolean)) {
    flags.push(
      `--web.remote-write-receiver.accepted-protobuf-messages=${messages.join(
        ',',
      )}`,
    );
  }
  return flags;
}

/**
 * Renders the prometheus.yml and flags the Prometheus Operator produces from
 * what it reads of a Prometheus or PrometheusAgent, for a Prometheus without
 * Kubernetes discovery: `kubernetes_sd_configs` become static targets with
 * the labels discovery would attach, and the relabel rules stay as given.
 */
export function renderOperatorInput(
  input: OperatorInput,
  options: ResourceRenderOptions,
): RenderedPrometheus {
  const { agentMode, spec } = input;
  const context: RenderContext = {
    version: options.prometheusVersion ?? RIG_PROMETHEUS_VERSION,
    namespace: input.namespace,
    where: input.where,
    options,
    tlsAssets: {},
    warnings: [],
  };

  const global: Record<string, unknown> = {
    scrape_interval: options.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL,
    ...(agentMode ? {} : { evaluation_interval: DEFAULT_EVALUATION_INTERVAL }),
    external_labels: externalLabels(input),
  };
  const additional = list(spec, 'additionalScrapeConfigs', input.where).map(
    (job, i) =>
      withSimulatedPods(
        job,
        `${input.where}.additionalScrapeConfigs[${i}]`,
        options.pods ?? [],
      ),
  );
  const self = selfScrapeJob(input, options.listenAddress);
  // The operator lists ServiceMonitor jobs before additional ones on a server, after them on an agent.
  const scrapeConfigs = agentMode
    ? [...additional, self]
    : [self, ...additional];
  const remoteWrites = list(spec, 'remoteWrite', input.where).map((entry, i) =>
    remoteWrite(entry, i, context),
  );
  const storageConfig = storage(input, context);

  const flags: string[] = [];
  if (agentMode) {
    flags.push(
      isAtLeast(context.version, '3.0.0')
        ? '--agent'
        : '--enable-feature=agent',
    );
  }
  flags.push(...receiverFlags(input, context));
  if (
    remoteWrites.some(
      entry => entry.protobuf_message === PROTOBUF_MESSAGES['V2.0'],
    ) &&
    !isAtLeast(context.version, '3.4.0')
  ) {
    // Remote-write 2.0 sends metadata from the WAL, which records it by default from 3.4 on.
    flags.push('--enable-feature=metadata-wal-records');
  }

  return {
    agentMode,
    config: {
      global,
      scrape_configs: scrapeConfigs,
      ...(remoteWrites.length > 0 ? { remote_write: remoteWrites } : {}),
      ...(storageConfig ? { storage: storageConfig } : {}),
    },
    flags,
    tlsAssets: context.tlsAssets,
    warnings: context.warnings,
  };
}

/**
 * Renders the prometheus.yml the Prometheus Operator produces from a
 * cluster's generated kube-prometheus-stack values, reading them as the chart
 * hands them to the operator (see renderPrometheusConfigFromResource for what
 * the chart itself renders).
 */
export function renderPrometheusConfig(
  generated: Pick<GeneratedValues, 'values'>,
  options: RenderOptions,
): RenderedPrometheus {
  const prometheus = child(generated.values, 'prometheus', 'values');
  const spec = child(prometheus, 'prometheusSpec', 'prometheus');
  rejectUnknownFields(spec, TRANSLATED_SPEC_FIELDS, 'prometheusSpec');
  return renderOperatorInput(
    {
      agentMode: prometheus.agentMode === true,
      spec,
      namespace: options.namespace ?? DEFAULT_NAMESPACE,
      resourceName: prometheusResourceName(
        options.releaseName ?? DEFAULT_RELEASE_NAME,
      ),
      where: 'prometheusSpec',
    },
    options,
  );
}
