import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTER_LABEL,
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
} from './annotations';
import {
  ClusterProblem,
  Fleet,
  FleetCluster,
  FleetProblem,
  ProblemCode,
  QueueConfig,
  RejectedEntity,
  RemoteWriteAuth,
  RemoteWriteProtocol,
} from './types';
import { maxShardsBelowMinShards } from './shards';
import {
  isValidClusterLabel,
  isValidSecretName,
  isValidTenant,
  quoteForMessage,
  remoteWriteUrlError,
} from './validation';

/** @public */
export interface ResolveFleetOptions {
  /**
   * Names of the configured query endpoints. When given, a global naming any
   * other endpoint gets an `unknown-query-endpoint` problem; when omitted (the
   * CLI without app-config) endpoint names are not checked.
   */
  queryEndpoints?: readonly string[];
  /**
   * The fleet-wide queue tuning values are generated with
   * (`ValuesOptions.queueConfig`). When given, an edge whose max-shards
   * annotation is below its `minShards` gets a `max-shards-below-min-shards`
   * problem.
   */
  queueConfig?: QueueConfig;
}

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
];

function problem(
  code: ProblemCode,
  message: string,
  severity: ClusterProblem['severity'] = 'error',
): ClusterProblem {
  return { code, message, severity };
}

/** Annotation values are strings by contract, but catalog input is not to be trusted. */
function annotation(entity: Entity, key: string): unknown {
  return entity.metadata.annotations?.[key];
}

function refOf(entity: Entity): string {
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
function hasEntityShape(entity: Entity | undefined): entity is Entity {
  const metadata = entity?.metadata;
  return (
    typeof entity?.kind === 'string' &&
    typeof metadata?.name === 'string' &&
    metadata.name !== '' &&
    (metadata.namespace === undefined || typeof metadata.namespace === 'string')
  );
}

function isCluster(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === CLUSTER_RESOURCE_TYPE
  );
}

function parseResourceRef(value: string, namespace: string): string {
  return stringifyEntityRef(
    parseEntityRef(value, {
      defaultKind: 'resource',
      defaultNamespace: namespace,
    }),
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

interface Candidate {
  entity: Entity;
  cluster: FleetCluster;
}

function toCandidate(
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
  if (!isCluster(entity)) {
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

function dependsOnRefs(entity: Entity): string[] {
  const dependsOn = entity.spec?.dependsOn;
  if (!Array.isArray(dependsOn)) {
    return [];
  }
  const refs: string[] = [];
  for (const value of dependsOn) {
    if (typeof value !== 'string') continue;
    try {
      refs.push(
        parseResourceRef(value, entity.metadata.namespace ?? 'default'),
      );
    } catch {
      // dependsOn is the catalog's own relation: its validation reports bad refs.
    }
  }
  return refs;
}

function resolveGlobal(
  { entity, cluster }: Candidate,
  byRef: Map<string, FleetCluster>,
  knownRefs: Set<string>,
  globals: FleetCluster[],
) {
  const explicit = annotation(entity, ANNOTATION_GLOBAL);
  if (explicit !== undefined) {
    let ref: string;
    try {
      if (typeof explicit !== 'string') throw new Error('not a string');
      ref = parseResourceRef(explicit, cluster.namespace);
    } catch {
      cluster.problems.push(
        problem(
          'invalid-entity-ref',
          `Annotation ${ANNOTATION_GLOBAL} is ${quoteForMessage(
            explicit,
          )}, which is not an entity ref (e.g. resource:default/global-eu).`,
        ),
      );
      return;
    }
    const target = byRef.get(ref);
    if (target?.role === 'global') {
      cluster.global = ref;
    } else if (target || knownRefs.has(ref)) {
      cluster.problems.push(
        problem(
          'global-ref-not-global',
          `${ANNOTATION_GLOBAL} points to ${ref}, which is ${
            target ? `an ${target.role}` : 'not a fleet cluster'
          }, not a global.`,
        ),
      );
    } else {
      cluster.problems.push(
        problem(
          'global-not-found',
          `${ANNOTATION_GLOBAL} points to ${ref}, which is not in the catalog.`,
        ),
      );
    }
    return;
  }

  const dependedGlobals = [...new Set(dependsOnRefs(entity))].filter(
    ref => byRef.get(ref)?.role === 'global',
  );
  if (dependedGlobals.length === 1) {
    cluster.global = dependedGlobals[0];
    return;
  }
  if (dependedGlobals.length > 1) {
    cluster.problems.push(
      problem(
        'ambiguous-global',
        `Edge depends on several globals (${dependedGlobals.join(
          ', ',
        )}); choose one with ${ANNOTATION_GLOBAL}.`,
      ),
    );
    return;
  }
  if (globals.length === 1) {
    cluster.global = globals[0].ref;
  } else if (globals.length === 0) {
    cluster.problems.push(
      problem(
        'edge-without-global',
        `Edge has no global to write to: the fleet has no global; add one, or set ${ANNOTATION_GLOBAL}.`,
      ),
    );
  } else {
    cluster.problems.push(
      problem(
        'ambiguous-global',
        `The fleet has ${globals.length} globals; choose one with ${ANNOTATION_GLOBAL} or spec.dependsOn.`,
      ),
    );
  }
}

function flagDuplicateLabels(clusters: FleetCluster[]) {
  const byLabel = new Map<string, FleetCluster[]>();
  for (const cluster of clusters) {
    const group = byLabel.get(cluster.clusterLabel);
    if (group) group.push(cluster);
    else byLabel.set(cluster.clusterLabel, [cluster]);
  }
  for (const [label, group] of byLabel) {
    if (group.length < 2) continue;
    for (const cluster of group) {
      const others = group
        .filter(other => other !== cluster)
        .map(other => other.ref);
      cluster.problems.push(
        problem(
          'duplicate-cluster-label',
          `Cluster label ${quoteForMessage(label)} of ${
            cluster.ref
          } is also used by ${others.join(
            ', ',
          )}: their series would be indistinguishable; set a unique ${ANNOTATION_CLUSTER_LABEL}.`,
        ),
      );
    }
  }
}

/** True when a cluster's values cannot be generated as it stands. @public */
export function hasBlockingProblems(cluster: {
  problems: ClusterProblem[];
}): boolean {
  return cluster.problems.some(
    p => p.severity === 'error' && p.code !== 'unknown-query-endpoint',
  );
}

/**
 * A global's problems that would make its edges' values wrong: they write to
 * its URL with its auth and protocol, and name the queue after its cluster
 * label.
 */
const WRITE_PATH_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'missing-remote-write-url',
  'invalid-remote-write-url',
  'invalid-remote-write-auth',
  'invalid-remote-write-secret',
  'invalid-remote-write-protocol',
  'invalid-cluster-label',
]);

function flagEdgesOfBrokenGlobals(
  clusters: FleetCluster[],
  byRef: Map<string, FleetCluster>,
) {
  for (const edge of clusters) {
    if (edge.role !== 'edge' || !edge.global) continue;
    const global = byRef.get(edge.global)!;
    if (global.problems.some(p => WRITE_PATH_PROBLEMS.has(p.code))) {
      edge.problems.push(
        problem(
          'global-not-ready',
          `Its global ${global.ref} has no usable remote-write settings; fix the global's problems first.`,
        ),
      );
    }
  }
}

/**
 * Resolves the fleet from catalog entities: every kubernetes-cluster Resource
 * with a role annotation becomes a global or an edge, each edge is matched to
 * its global, and every problem is attached to the entity it concerns. Bad
 * entities never stop the others from resolving.
 *
 * @public
 */
export function resolveFleet(
  entities: readonly Entity[],
  options: ResolveFleetOptions = {},
): Fleet {
  const candidates: Candidate[] = [];
  const rejected: RejectedEntity[] = [];
  const knownRefs = new Set<string>();
  const seen = new Set<string>();

  for (const entity of entities) {
    if (!hasEntityShape(entity)) continue;
    const ref = refOf(entity);
    knownRefs.add(ref);
    if (annotation(entity, ANNOTATION_ROLE) === undefined || seen.has(ref))
      continue;
    seen.add(ref);
    const result = toCandidate(entity, options);
    if ('cluster' in result) candidates.push(result);
    else rejected.push(result);
  }

  const clusters = candidates.map(c => c.cluster);
  const byRef = new Map(clusters.map(c => [c.ref, c]));
  const globals = clusters.filter(c => c.role === 'global');
  for (const candidate of candidates) {
    if (candidate.cluster.role === 'edge') {
      resolveGlobal(candidate, byRef, knownRefs, globals);
    }
  }
  flagDuplicateLabels(clusters);
  flagEdgesOfBrokenGlobals(clusters, byRef);

  const problems: FleetProblem[] = [];
  for (const item of [...clusters, ...rejected]) {
    for (const p of item.problems) problems.push({ ref: item.ref, ...p });
  }
  return { clusters, rejected, problems };
}

/** Index of a fleet's clusters by entity ref. @public */
export function indexFleet(fleet: Fleet): Map<string, FleetCluster> {
  return new Map(fleet.clusters.map(c => [c.ref, c]));
}
