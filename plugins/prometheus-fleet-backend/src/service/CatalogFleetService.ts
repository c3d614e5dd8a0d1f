import {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ROLE,
  ClusterKey,
  ClusterView,
  Fleet,
  FleetCluster,
  FleetProblem,
  GeneratedValues,
  GlobalRulesView,
  generateValues,
  fleetLookup,
  ObservedProblem,
  QueueHealth,
  ValuesNotAvailableError,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { HealthHistory, HealthStore, HistoryQuery } from '../store/types';
import { CallerVisibility, ReadableRefs } from './CallerVisibility';
import { toClusterView } from './clusterView';
import { CatalogFleet, SharedFleet } from './SharedFleet';
import { FleetRequestOptions, FleetService } from './types';

type HealthReader = Pick<
  HealthStore,
  'latest' | 'latestRevision' | 'history' | 'observedProblems' | 'globalRules'
>;

const canRead = (readable: ReadableRefs, ref: string) =>
  readable === 'all' || readable.has(ref);

/**
 * One fleet truth for every caller: the fleet is resolved once from the
 * whole catalog (SharedFleet), so a cluster's values, problems and health
 * are the same whoever asks, and each caller sees the part of it they may
 * read in the catalog (CallerVisibility). Clusters a caller may not read
 * are absent from lists and answer 404; an edge they may read keeps its
 * global's settings in its values, and names a global they may not read by
 * its ref only.
 */
export class CatalogFleetService implements FleetService {
  readonly #shared: SharedFleet;
  readonly #visibility: CallerVisibility;
  readonly #valuesOptions: ValuesOptions;
  readonly #health: HealthReader;
  /**
   * Each narrowed list, kept while both the shared list and the readable
   * refs it was cut from are the ones in use, so that callers under the same
   * decision get the same array, which the router encodes once.
   */
  readonly #narrowedLists = new WeakMap<
    ClusterView[],
    WeakMap<ReadonlySet<string>, ClusterView[]>
  >();

  constructor(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    auth: AuthService;
    logger: LoggerService;
    queryEndpoints: string[];
    valuesOptions: ValuesOptions;
    health: HealthReader;
  }) {
    this.#valuesOptions = options.valuesOptions;
    this.#health = options.health;
    this.#shared = new SharedFleet({
      catalog: options.catalog,
      auth: options.auth,
      logger: options.logger,
      resolveOptions: {
        queryEndpoints: options.queryEndpoints,
        queryEndpointEngines: options.valuesOptions.queryEndpointEngines,
        queueConfig: options.valuesOptions.queueConfig,
      },
      health: options.health,
    });
    this.#visibility = new CallerVisibility(options);
  }

  /** A poll cycle stored new health. */
  healthRecorded(): void {
    this.#shared.healthRecorded();
  }

  /** The whole fleet, for background jobs such as the poller. */
  async wholeFleet(): Promise<Fleet> {
    return (await this.#shared.fleet()).fleet;
  }

  /** The same array for callers who may read the same, until it is rebuilt: do not change it. */
  async listClusters({
    credentials,
  }: FleetRequestOptions): Promise<ClusterView[]> {
    const [clusters, readable] = await Promise.all([
      this.#shared.clusters(),
      this.#visibility.readableBy(credentials),
    ]);
    if (readable === 'all') return clusters;
    let byReadable = this.#narrowedLists.get(clusters);
    if (!byReadable) {
      byReadable = new WeakMap();
      this.#narrowedLists.set(clusters, byReadable);
    }
    let narrowed = byReadable.get(readable);
    if (!narrowed) {
      narrowed = clusters
        .filter(cluster => readable.has(cluster.ref))
        .map(cluster => withGlobalReadability(cluster, readable));
      byReadable.set(readable, narrowed);
    }
    return narrowed;
  }

  async getCluster(
    ref: ClusterKey,
    options: FleetRequestOptions,
  ): Promise<ClusterView> {
    const { cluster, readable } = await this.#findCluster(ref, options);
    const [health, globalRules] = await Promise.all([
      cluster.role === 'edge'
        ? this.#health.latest([cluster.ref])
        : new Map<string, QueueHealth>(),
      cluster.role === 'global'
        ? this.#health.globalRules([cluster.ref])
        : new Map<string, GlobalRulesView>(),
    ]);
    return withGlobalReadability(
      toClusterView(cluster, { health, globalRules }),
      readable,
    );
  }

  async getHealth(
    ref: ClusterKey,
    query: HistoryQuery,
    options: FleetRequestOptions,
  ): Promise<{ latest?: QueueHealth; history: HealthHistory }> {
    const { cluster } = await this.#findCluster(ref, options);
    if (cluster.role !== 'edge') {
      return {
        history: { points: [], totalPoints: 0, downsampled: false },
      };
    }
    const [latest, history] = await Promise.all([
      this.#health.latest([cluster.ref]),
      this.#health.history(cluster.ref, query),
    ]);
    return { latest: latest.get(cluster.ref), history };
  }

  async getValues(
    ref: ClusterKey,
    options: FleetRequestOptions,
  ): Promise<GeneratedValues> {
    const { cluster, fleet } = await this.#findCluster(ref, options);
    try {
      return generateValues(cluster, fleetLookup(fleet), this.#valuesOptions);
    } catch (error) {
      if (error instanceof ValuesNotAvailableError) {
        throw new ConflictError(error.message);
      }
      throw error;
    }
  }

  async listProblems({
    credentials,
  }: FleetRequestOptions): Promise<Array<FleetProblem | ObservedProblem>> {
    const [{ fleet }, readable, observed] = await Promise.all([
      this.#shared.fleet(),
      this.#visibility.readableBy(credentials),
      this.#health.observedProblems(),
    ]);
    return [...fleet.problems, ...observed].filter(problem =>
      canRead(readable, problem.ref),
    );
  }

  /**
   * A cluster the caller cannot read is indistinguishable from one that does
   * not exist. One the caller can read but that is not in the fleet gets a
   * 404 whose message says why, so the entity page can show the fix.
   */
  async #findCluster(
    { namespace, name }: ClusterKey,
    { credentials }: FleetRequestOptions,
  ): Promise<{ cluster: FleetCluster; fleet: Fleet; readable: ReadableRefs }> {
    const ref = stringifyEntityRef({ kind: 'resource', namespace, name });
    const [{ entities, fleet }, readable] = await Promise.all([
      this.#shared.fleet(),
      this.#visibility.readableBy(credentials),
    ]);
    if (!canRead(readable, ref)) {
      throw new NotFoundError(`No cluster ${ref} in the catalog.`);
    }
    const cluster = fleet.clusters.find(c => c.ref === ref);
    if (cluster) {
      return { cluster, fleet, readable };
    }
    throw notInFleet(ref, { entities, fleet });
  }
}

function notInFleet(ref: string, { entities, fleet }: CatalogFleet) {
  const rejected = fleet.rejected.find(r => r.ref === ref);
  if (rejected) {
    return new NotFoundError(
      `${ref} is not in the fleet: ${rejected.problems
        .map(p => p.message)
        .join(' ')}`,
    );
  }
  if (entities.some(entity => stringifyEntityRef(entity) === ref)) {
    return new NotFoundError(
      `${ref} is not in the fleet: it has no ${ANNOTATION_ROLE} annotation (global or edge).`,
    );
  }
  return new NotFoundError(`No cluster ${ref} in the catalog.`);
}

/** Marks a global the caller may not read, which the UI then shows as a bare ref. */
function withGlobalReadability(
  cluster: ClusterView,
  readable: ReadableRefs,
): ClusterView {
  return cluster.global && !canRead(readable, cluster.global)
    ? { ...cluster, globalReadable: false }
    : cluster;
}
