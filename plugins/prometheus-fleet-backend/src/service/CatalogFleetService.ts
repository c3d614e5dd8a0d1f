import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  EntityFilterQuery,
} from '@backstage/catalog-client';
import {
  Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  NotFoundError,
  stringifyError,
} from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_ROLE,
  ClusterView,
  CLUSTER_RESOURCE_TYPE,
  Fleet,
  FleetCluster,
  FleetProblem,
  GeneratedValues,
  generateValues,
  indexFleet,
  ObservedProblem,
  QueueHealth,
  resolveFleet,
  ValuesNotAvailableError,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { createHash } from 'node:crypto';
import { HealthHistory, HealthStore, HistoryQuery } from '../store/types';
import { StaleWhileRevalidate } from './StaleWhileRevalidate';
import { ClusterRef, FleetRequestOptions, FleetService } from './types';

/**
 * Every cluster Resource, so that refs to clusters outside the fleet resolve
 * to a precise problem, and every entity claiming a role, so that a role on
 * the wrong kind surfaces as a `not-a-cluster` problem.
 */
const FLEET_FILTER: EntityFilterQuery = [
  { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE },
  { [`metadata.annotations.${ANNOTATION_ROLE}`]: CATALOG_FILTER_EXISTS },
];

/** Exactly what `resolveFleet` reads; keep in sync with it. */
const FLEET_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'spec.dependsOn',
];

const validator = makeValidator();

/**
 * Kind, namespace and name as the catalog itself requires them. A catalog
 * holds no other entity, but a CatalogService that serves unvalidated ones
 * must not get them into the fleet: the API could not address them (its
 * routes validate the same), and on PostgreSQL one over-long ref failed the
 * whole poll cycle's insert, every edge's history with it.
 */
function hasCatalogRef(entity: Entity): boolean {
  const { kind, metadata } = entity;
  return (
    validator.isValidKind(kind) &&
    validator.isValidNamespace(metadata?.namespace ?? 'default') &&
    validator.isValidEntityName(metadata?.name)
  );
}

/** The single place a cluster becomes what the API returns; only edges have health. */
function toClusterView(
  cluster: FleetCluster,
  health: ReadonlyMap<string, QueueHealth>,
): ClusterView {
  const latest = cluster.role === 'edge' ? health.get(cluster.ref) : undefined;
  return {
    ref: cluster.ref,
    namespace: cluster.namespace,
    name: cluster.name,
    title: cluster.title,
    role: cluster.role,
    global: cluster.global,
    clusterLabel: cluster.clusterLabel,
    owner: cluster.owner,
    problems: cluster.problems,
    ...(latest ? { health: latest } : {}),
  };
}

type HealthReader = Pick<
  HealthStore,
  'latest' | 'latestRevision' | 'history' | 'observedProblems'
>;

interface CatalogFleet {
  entities: Entity[];
  fleet: Fleet;
}

/** The shared fleet and what it was resolved from. */
interface SharedFleet extends CatalogFleet {
  entitiesDigest: string;
}

/** The shared cluster list and what it was built from. */
interface SharedClusterList {
  fleet: Fleet;
  healthRevision: string;
  clusters: ClusterView[];
}

function digest(entities: Entity[]): string {
  return createHash('sha256').update(JSON.stringify(entities)).digest('hex');
}

/**
 * How long the whole fleet, read with the plugin's own credentials, is served
 * before it is read again: the catalog itself takes minutes to pick up a
 * changed entity, and reading 10,000 clusters costs seconds of CPU.
 */
const SHARED_FLEET_MAX_AGE_MS = 30_000;
/** Queue health changes once per poll cycle; the cluster list follows within this when another instance polls. */
const SHARED_CLUSTERS_MAX_AGE_MS = 5_000;

/**
 * Resolves the fleet from the catalog as the caller sees it, and joins the
 * queue health the poller recorded: health and observed problems only ever
 * come out for clusters in the caller's fleet.
 *
 * A caller the permission policy allows to read every catalog entity sees
 * the catalog exactly as the plugin's own service credentials do, so all
 * such callers share one fleet, read at most every 30 seconds, and one
 * cluster list, rebuilt after each poll cycle this instance records and at
 * least every 5 seconds otherwise. A caller whose reads the
 * policy narrows (a conditional decision) gets the fleet resolved from the
 * catalog with their own credentials, on every request.
 */
export class CatalogFleetService implements FleetService {
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #queryEndpoints: string[];
  readonly #valuesOptions: ValuesOptions;
  readonly #health: HealthReader;
  readonly #sharedFleet: StaleWhileRevalidate<SharedFleet>;
  readonly #sharedClusters: StaleWhileRevalidate<SharedClusterList>;

  constructor(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    auth: AuthService;
    logger: LoggerService;
    queryEndpoints: string[];
    valuesOptions: ValuesOptions;
    health: HealthReader;
  }) {
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#queryEndpoints = options.queryEndpoints;
    this.#valuesOptions = options.valuesOptions;
    this.#health = options.health;
    const { auth, logger } = options;
    this.#sharedFleet = new StaleWhileRevalidate({
      load: async () =>
        this.#sameOrResolved(
          await this.#readEntities(await auth.getOwnServiceCredentials()),
        ),
      maxAgeMs: SHARED_FLEET_MAX_AGE_MS,
      onReloadError: error =>
        logger.warn(
          `Could not read the fleet from the catalog, serving the one read before: ${stringifyError(
            error,
          )}`,
        ),
    });
    this.#sharedClusters = new StaleWhileRevalidate({
      load: () => this.#sameOrRebuiltClusters(),
      maxAgeMs: SHARED_CLUSTERS_MAX_AGE_MS,
      onReloadError: error =>
        logger.warn(
          `Could not read the latest queue health, serving the clusters read before: ${stringifyError(
            error,
          )}`,
        ),
    });
  }

  /**
   * A poll cycle stored new health: the shared cluster list is rebuilt on its
   * next request rather than served up to 5 seconds stale. Other backend
   * instances sharing the database still follow within those 5 seconds.
   */
  healthRecorded(): void {
    this.#sharedClusters.invalidate();
  }

  async getFleet(options: FleetRequestOptions): Promise<Fleet> {
    return (await this.#load(options)).fleet;
  }

  /** The same array for every caller who reads the whole catalog, until it is rebuilt: do not change it. */
  async listClusters(options: FleetRequestOptions): Promise<ClusterView[]> {
    if (await this.#readsWholeCatalog(options.credentials)) {
      return (await this.#sharedClusters.get()).clusters;
    }
    return this.#clusterViews((await this.#loadAs(options.credentials)).fleet);
  }

  /**
   * The fleet read before when the catalog returned the same entities again,
   * so that the cluster list built from it stays the same too.
   */
  #sameOrResolved(entities: Entity[]): SharedFleet {
    const entitiesDigest = digest(entities);
    const previous = this.#sharedFleet.peek();
    if (previous?.entitiesDigest === entitiesDigest) {
      return previous;
    }
    return { ...this.#resolve(entities), entitiesDigest };
  }

  /**
   * Rebuilt only when the fleet or the latest health changed, and otherwise
   * the same array, which the router then sends as it encoded it before:
   * building and encoding the list of a 10,000-cluster fleet takes a few
   * hundred milliseconds of the backend's event loop.
   */
  async #sameOrRebuiltClusters(): Promise<SharedClusterList> {
    const { fleet } = await this.#sharedFleet.get();
    const healthRevision = await this.#health.latestRevision();
    const previous = this.#sharedClusters.peek();
    if (
      previous?.fleet === fleet &&
      previous.healthRevision === healthRevision
    ) {
      return previous;
    }
    return { fleet, healthRevision, clusters: await this.#clusterViews(fleet) };
  }

  async #clusterViews(fleet: Fleet): Promise<ClusterView[]> {
    const edges = fleet.clusters.filter(c => c.role === 'edge');
    const health = await this.#health.latest(edges.map(c => c.ref));
    return fleet.clusters.map(cluster => toClusterView(cluster, health));
  }

  async getCluster(
    ref: ClusterRef,
    options: FleetRequestOptions,
  ): Promise<ClusterView> {
    const { cluster } = this.#findCluster(ref, await this.#load(options));
    const health =
      cluster.role === 'edge'
        ? await this.#health.latest([cluster.ref])
        : new Map<string, QueueHealth>();
    return toClusterView(cluster, health);
  }

  async getHealth(
    ref: ClusterRef,
    query: HistoryQuery,
    options: FleetRequestOptions,
  ): Promise<{ latest?: QueueHealth; history: HealthHistory }> {
    const { cluster } = this.#findCluster(ref, await this.#load(options));
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
    ref: ClusterRef,
    options: FleetRequestOptions,
  ): Promise<GeneratedValues> {
    const { cluster, fleet } = this.#findCluster(
      ref,
      await this.#load(options),
    );
    const clusters = indexFleet(fleet);
    try {
      return generateValues(
        cluster,
        global => clusters.get(global),
        this.#valuesOptions,
      );
    } catch (error) {
      if (error instanceof ValuesNotAvailableError) {
        throw new ConflictError(error.message);
      }
      throw error;
    }
  }

  async listProblems(
    options: FleetRequestOptions,
  ): Promise<Array<FleetProblem | ObservedProblem>> {
    const fleet = await this.getFleet(options);
    const visible = new Set(fleet.clusters.map(c => c.ref));
    // A drift message quotes the global's settings: only for callers who
    // can read the global too, which is when their fleet resolves it.
    const withGlobal = new Set(
      fleet.clusters.filter(c => c.global).map(c => c.ref),
    );
    const observed = await this.#health.observedProblems();
    return [
      ...fleet.problems,
      ...observed.filter(p =>
        p.code === 'remote-write-drift'
          ? withGlobal.has(p.ref)
          : visible.has(p.ref),
      ),
    ];
  }

  async #load({ credentials }: FleetRequestOptions): Promise<CatalogFleet> {
    return (await this.#readsWholeCatalog(credentials))
      ? this.#sharedFleet.get()
      : this.#loadAs(credentials);
  }

  /** The catalog's own test for what a caller may read: an unconditional allow means every entity. */
  async #readsWholeCatalog(
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async #loadAs(credentials: BackstageCredentials): Promise<CatalogFleet> {
    return this.#resolve(await this.#readEntities(credentials));
  }

  async #readEntities(credentials: BackstageCredentials): Promise<Entity[]> {
    const entities: Entity[] = [];
    const pages = this.#catalog.streamEntities(
      {
        filter: FLEET_FILTER,
        fields: FLEET_FIELDS,
        orderFields: { field: 'metadata.name', order: 'asc' },
      },
      { credentials },
    );
    for await (const page of pages) {
      entities.push(...page.filter(hasCatalogRef));
    }
    return entities;
  }

  #resolve(entities: Entity[]): CatalogFleet {
    const fleet = resolveFleet(entities, {
      queryEndpoints: this.#queryEndpoints,
      queueConfig: this.#valuesOptions.queueConfig,
    });
    return { entities, fleet };
  }

  /**
   * A cluster the caller cannot read is indistinguishable from one that does
   * not exist. One the caller can read but that is not in the fleet gets a
   * 404 whose message says why, so the entity page can show the fix.
   */
  #findCluster(
    { namespace, name }: ClusterRef,
    { entities, fleet }: CatalogFleet,
  ): { cluster: FleetCluster; fleet: Fleet } {
    const ref = stringifyEntityRef({ kind: 'resource', namespace, name });
    const cluster = fleet.clusters.find(c => c.ref === ref);
    if (cluster) {
      return { cluster, fleet };
    }
    const rejected = fleet.rejected.find(r => r.ref === ref);
    if (rejected) {
      throw new NotFoundError(
        `${ref} is not in the fleet: ${rejected.problems
          .map(p => p.message)
          .join(' ')}`,
      );
    }
    if (entities.some(entity => stringifyEntityRef(entity) === ref)) {
      throw new NotFoundError(
        `${ref} is not in the fleet: it has no ${ANNOTATION_ROLE} annotation (global or edge).`,
      );
    }
    throw new NotFoundError(`No cluster ${ref} in the catalog.`);
  }
}
