import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_ENGINE,
  ANNOTATION_GLOBAL,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_REMOTE_WRITE_SECRET,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_SERIES_BUDGET,
  ANNOTATION_TENANT,
  CLUSTER_RESOURCE_TYPE,
  DEFAULT_REMOTE_WRITE_SECRET,
  isClusterResource,
} from './annotations';
import { FLEET_ENGINES, FleetEngine, isFleetEngine } from './engines';
import { maxShardsBelowMinShards } from './shards';
import {
  ClusterProblem,
  FleetCluster,
  ProblemCode,
  RejectedEntity,
  RemoteWriteAuth,
  RemoteWriteProtocol,
  ResolveFleetOptions,
} from './types';
import {
  isValidClusterLabel,
  isValidSecretName,
  isValidTenant,
  quoteForMessage,
  remoteWriteUrlError,
} from './validation';

/*
 * Reading one catalog entity: its annotations become a candidate fleet
 * cluster with every problem the entity shows on its own. Linking the
 * candidates into a fleet is linkFleet.ts.
 */

const MAX_SHARDS_LIMIT = 10_000;
const EDGE_ONLY = [
  ANNOTATION_GLOBAL,
  ANNOTATION_TENANT,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_SERIES_BUDGET,
];
const GLOBAL_ONLY = [
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_SECRET,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_ENGINE,
];

export function problem(
  code: ProblemCode,
  message: string,
  severity: ClusterProblem['severity'] = 'error',
): ClusterProblem {
  return { code, message, severity };
}

/** Annotation values are strings by contract, but catalog input is not to be trusted. */
export function annotation(entity: Entity, key: string): unknown {
  return entity.metadata.annotations?.[key];
}

export function refOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** The catalog validates these; files read by the CLI are not validated. */
export function hasEntityShape(entity: Entity | undefined): entity is Entity {
  const metadata = entity?.metadata;
  return (
    typeof entity?.kind === 'string' &&
    typeof metadata?.name === 'string' &&
    metadata.name !== '' &&
    (metadata.namespace === undefined || typeof metadata.namespace === 'string')
  );
}

function readString(
  entity: Entity,
  key: string,
  problems: ClusterProblem[],
  code: ProblemCode,
  severity: ClusterProblem['severity'] = 'error',
): string | undefined {
  const value = annotation(entity, key);
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(
      problem(
        code,
        `Annotation ${key} must be a string, got ${quoteForMessage(value)}.`,
        severity,
      ),
    );
    return undefined;
  }
  return value.trim();
}

/** Absent or blank; a value of the wrong type is reported as invalid instead. */
function isMissing(
  entity: Entity,
  key: string,
  value: string | undefined,
): boolean {
  return (
    value === '' ||
    (value === undefined && annotation(entity, key) === undefined)
  );
}

function readClusterLabel(entity: Entity, problems: ClusterProblem[]): string {
  const fromAnnotation = readString(
    entity,
    ANNOTATION_CLUSTER_LABEL,
    problems,
    'invalid-cluster-label',
  );
  const label = fromAnnotation ?? entity.metadata.name;
  if (!isValidClusterLabel(label)) {
    problems.push(
      problem(
        'invalid-cluster-label',
        `Cluster label ${quoteForMessage(
          label,
        )} is not a valid label value: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (set ${ANNOTATION_CLUSTER_LABEL}).`,
      ),
    );
  }
  return label;
}

function readRemoteWriteAuth(
  entity: Entity,
  problems: ClusterProblem[],
): RemoteWriteAuth | undefined {
  const reported = problems.length;
  const type =
    readString(
      entity,
      ANNOTATION_REMOTE_WRITE_AUTH,
      problems,
      'invalid-remote-write-auth',
    ) ?? 'none';
  const secretName =
    readString(
      entity,
      ANNOTATION_REMOTE_WRITE_SECRET,
      problems,
      'invalid-remote-write-secret',
    ) ?? DEFAULT_REMOTE_WRITE_SECRET;
  if (problems.length > reported) {
    // An annotation of the wrong type: the defaults would silently write
    // without the auth, or with another Secret, than the global asks for.
    return undefined;
  }
  if (!isValidSecretName(secretName)) {
    problems.push(
      problem(
        'invalid-remote-write-secret',
        `Secret name ${quoteForMessage(
          secretName,
        )} in ${ANNOTATION_REMOTE_WRITE_SECRET} is not a valid Kubernetes Secret name.`,
      ),
    );
    return undefined;
  }
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
    case 'bearer':
    case 'mtls':
      return { type, secretName };
    default:
      problems.push(
        problem(
          'invalid-remote-write-auth',
          `Annotation ${ANNOTATION_REMOTE_WRITE_AUTH} is ${quoteForMessage(
            type,
          )}; use none, basic, bearer or mtls.`,
        ),
      );
      return undefined;
  }
}

/** Absent means `v1`; undefined when the annotation is wrong. */
function readRemoteWriteProtocol(
  entity: Entity,
  problems: ClusterProblem[],
): RemoteWriteProtocol | undefined {
  if (annotation(entity, ANNOTATION_REMOTE_WRITE_PROTOCOL) === undefined) {
    return 'v1';
  }
  const protocol = readString(
    entity,
    ANNOTATION_REMOTE_WRITE_PROTOCOL,
    problems,
    'invalid-remote-write-protocol',
  );
  if (protocol === 'v1' || protocol === 'v2') {
    return protocol;
  }
  if (protocol !== undefined) {
    problems.push(
      problem(
        'invalid-remote-write-protocol',
        `Annotation ${ANNOTATION_REMOTE_WRITE_PROTOCOL} is ${quoteForMessage(
          protocol,
        )}; use v1 (Remote-Write 1.0, the default) or v2 (Remote-Write 2.0, which needs Prometheus 3.0 or later on the global and its edges).`,
      ),
    );
  }
  return undefined;
}

/** The engines as a message lists them: "prometheus (the default), …, thanos or victoriametrics". */
const ENGINE_CHOICES = `${FLEET_ENGINES.slice(0, -1)
  .map(engine => (engine === 'prometheus' ? `${engine} (the default)` : engine))
  .join(', ')} or ${FLEET_ENGINES[FLEET_ENGINES.length - 1]}`;

/**
 * The engine app-config gives a global's query endpoint: the one set on it,
 * `prometheus` for a configured endpoint that sets none, undefined when the
 * endpoint's engine is not known (no endpoint, or resolution without config).
 */
function endpointEngine(
  endpoint: string | undefined,
  options: ResolveFleetOptions,
): { engine: FleetEngine; set: boolean } | undefined {
  if (endpoint === undefined) return undefined;
  const engines = options.queryEndpointEngines;
  if (engines && Object.prototype.hasOwnProperty.call(engines, endpoint)) {
    return { engine: engines[endpoint], set: true };
  }
  return options.queryEndpoints?.includes(endpoint)
    ? { engine: 'prometheus', set: false }
    : undefined;
}

/**
 * A global's engine: its query endpoint's when app-config tells it (an
 * engine annotation must then agree), else its annotation's, else
 * `prometheus`; undefined when only an invalid annotation could tell.
 */
function readEngine(
  entity: Entity,
  cluster: FleetCluster,
  options: ResolveFleetOptions,
): FleetEngine | undefined {
  const { problems } = cluster;
  const reported = problems.length;
  const value = readString(
    entity,
    ANNOTATION_ENGINE,
    problems,
    'invalid-engine',
  );
  let fromAnnotation: FleetEngine | undefined;
  if (value !== undefined && isFleetEngine(value)) {
    fromAnnotation = value;
  } else if (value !== undefined) {
    problems.push(
      problem(
        'invalid-engine',
        `Annotation ${ANNOTATION_ENGINE} is ${quoteForMessage(
          value,
        )}; use ${ENGINE_CHOICES}.`,
      ),
    );
  }
  const fromEndpoint = endpointEngine(cluster.queryEndpoint, options);
  if (fromEndpoint) {
    if (fromAnnotation && fromAnnotation !== fromEndpoint.engine) {
      problems.push(
        problem(
          'engine-mismatch',
          `Annotation ${ANNOTATION_ENGINE} is ${quoteForMessage(
            fromAnnotation,
          )}, but query endpoint ${quoteForMessage(cluster.queryEndpoint)} is ${
            fromEndpoint.set
              ? `a ${fromEndpoint.engine}`
              : 'a prometheus (it sets no engine)'
          } in prometheusFleet.queryEndpoints: the endpoint's engine decides, so remove the annotation or make the two agree.`,
        ),
      );
    }
    return fromEndpoint.engine;
  }
  return problems.length > reported
    ? undefined
    : fromAnnotation ?? 'prometheus';
}

function readGlobalSettings(
  entity: Entity,
  cluster: FleetCluster,
  options: ResolveFleetOptions,
) {
  const { problems } = cluster;
  const url = readString(
    entity,
    ANNOTATION_REMOTE_WRITE_URL,
    problems,
    'invalid-remote-write-url',
  );
  if (isMissing(entity, ANNOTATION_REMOTE_WRITE_URL, url)) {
    problems.push(
      problem(
        'missing-remote-write-url',
        `Global has no ${ANNOTATION_REMOTE_WRITE_URL} annotation: edges cannot know where to write (e.g. https://prometheus.example.com/api/v1/write).`,
      ),
    );
  } else if (url !== undefined) {
    const error = remoteWriteUrlError(url);
    if (error) {
      problems.push(
        problem(
          'invalid-remote-write-url',
          `Remote-write URL ${quoteForMessage(url)} ${error}.`,
        ),
      );
    } else {
      cluster.remoteWriteUrl = url;
    }
  }
  cluster.remoteWriteAuth = readRemoteWriteAuth(entity, problems);
  cluster.remoteWriteProtocol = readRemoteWriteProtocol(entity, problems);

  const endpoint = readString(
    entity,
    ANNOTATION_QUERY_ENDPOINT,
    problems,
    'unknown-query-endpoint',
  );
  if (isMissing(entity, ANNOTATION_QUERY_ENDPOINT, endpoint)) {
    problems.push(
      problem(
        'missing-query-endpoint',
        `Global has no ${ANNOTATION_QUERY_ENDPOINT} annotation, so queue health of its edges cannot be polled: name one of prometheusFleet.queryEndpoints.`,
        'warning',
      ),
    );
  } else if (endpoint === undefined) {
    // Not a string: already reported.
  } else if (
    options.queryEndpoints &&
    !options.queryEndpoints.includes(endpoint)
  ) {
    problems.push(
      problem(
        'unknown-query-endpoint',
        `Query endpoint ${quoteForMessage(
          endpoint,
        )} is not configured: add it to prometheusFleet.queryEndpoints in app-config${
          options.queryEndpoints.length
            ? ` (configured: ${options.queryEndpoints.join(', ')})`
            : ''
        }.`,
      ),
    );
  } else {
    cluster.queryEndpoint = endpoint;
  }
  cluster.engine = readEngine(entity, cluster, options);
}

function readEdgeSettings(
  entity: Entity,
  cluster: FleetCluster,
  options: ResolveFleetOptions,
) {
  const { problems } = cluster;
  const tenant = readString(
    entity,
    ANNOTATION_TENANT,
    problems,
    'invalid-tenant',
  );
  if (tenant !== undefined) {
    if (isValidTenant(tenant)) {
      cluster.tenant = tenant;
    } else {
      problems.push(
        problem(
          'invalid-tenant',
          `Tenant ${quoteForMessage(
            tenant,
          )} is not a valid tenant id: use at most 150 letters, digits or !._*'()-.`,
        ),
      );
    }
  }
  const maxShards = readString(
    entity,
    ANNOTATION_MAX_SHARDS,
    problems,
    'invalid-max-shards',
  );
  if (maxShards !== undefined) {
    const parsed = /^\d+$/.test(maxShards) ? Number(maxShards) : NaN;
    if (parsed >= 1 && parsed <= MAX_SHARDS_LIMIT) {
      cluster.maxShards = parsed;
    } else {
      problems.push(
        problem(
          'invalid-max-shards',
          `Annotation ${ANNOTATION_MAX_SHARDS} is ${quoteForMessage(
            maxShards,
          )}; use a whole number from 1 to ${MAX_SHARDS_LIMIT}.`,
        ),
      );
    }
  }
  const belowMinShards = maxShardsBelowMinShards(cluster, options.queueConfig);
  if (belowMinShards) {
    problems.push(belowMinShards);
  }
  readSeriesBudget(entity, cluster);
}

/** A warning only: the budget is judged by the poll and never enters the values. */
function readSeriesBudget(entity: Entity, cluster: FleetCluster) {
  const budget = readString(
    entity,
    ANNOTATION_SERIES_BUDGET,
    cluster.problems,
    'invalid-series-budget',
    'warning',
  );
  if (budget === undefined) return;
  const parsed = /^\d+$/.test(budget) ? Number(budget) : NaN;
  if (parsed >= 1 && Number.isSafeInteger(parsed)) {
    cluster.seriesBudget = parsed;
  } else {
    cluster.problems.push(
      problem(
        'invalid-series-budget',
        `Annotation ${ANNOTATION_SERIES_BUDGET} is ${quoteForMessage(
          budget,
        )}; use a whole number of series above 0, e.g. "50000". The edge is polled without a budget.`,
        'warning',
      ),
    );
  }
}

function warnMisplaced(entity: Entity, cluster: FleetCluster) {
  const misplaced = cluster.role === 'edge' ? GLOBAL_ONLY : EDGE_ONLY;
  for (const key of misplaced) {
    if (annotation(entity, key) !== undefined) {
      cluster.problems.push(
        problem(
          'misplaced-annotation',
          `Annotation ${key} has no effect on a ${cluster.role}; it is ignored.`,
          'warning',
        ),
      );
    }
  }
}

/** A cluster read from its entity alone, before the fleet links it. */
export interface Candidate {
  entity: Entity;
  cluster: FleetCluster;
}

/**
 * Reads one entity's annotations into a fleet cluster with the problems
 * that entity alone shows, or rejects it (not a cluster, unknown role).
 */
export function toCandidate(
  entity: Entity,
  options: ResolveFleetOptions,
): Candidate | RejectedEntity {
  const base = {
    ref: refOf(entity),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    owner: ownerOf(entity),
  };
  const role = annotation(entity, ANNOTATION_ROLE);
  if (!isClusterResource(entity)) {
    return {
      ...base,
      problems: [
        problem(
          'not-a-cluster',
          `Only Resources of type ${CLUSTER_RESOURCE_TYPE} can join the fleet; this is a ${
            entity.kind
          }${
            entity.spec?.type
              ? ` of type ${quoteForMessage(entity.spec.type)}`
              : ''
          }.`,
        ),
      ],
    };
  }
  if (role !== 'global' && role !== 'edge') {
    return {
      ...base,
      problems: [
        problem(
          'unknown-role',
          `Annotation ${ANNOTATION_ROLE} is ${quoteForMessage(
            role,
          )}; use global or edge.`,
        ),
      ],
    };
  }
  const problems: ClusterProblem[] = [];
  const cluster: FleetCluster = {
    ...base,
    title:
      typeof entity.metadata.title === 'string'
        ? entity.metadata.title
        : undefined,
    role,
    clusterLabel: readClusterLabel(entity, problems),
    problems,
  };
  if (role === 'global') {
    readGlobalSettings(entity, cluster, options);
  } else {
    readEdgeSettings(entity, cluster, options);
  }
  warnMisplaced(entity, cluster);
  return { entity, cluster };
}
