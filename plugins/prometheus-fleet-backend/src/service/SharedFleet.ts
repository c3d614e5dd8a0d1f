import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CLUSTER_RESOURCE_TYPE,
  ClusterView,
  Fleet,
  FleetCluster,
  resolveFleet,
  ResolveFleetOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { createHash } from 'node:crypto';
import { HealthStore } from '../store/types';
import { readFleetEntities } from './catalogEntities';
import { toClusterView } from './clusterView';
import { StaleWhileRevalidate } from './StaleWhileRevalidate';

/** The fleet and the entities it was resolved from. */
export interface CatalogFleet {
  entities: Entity[];
  fleet: Fleet;
}

interface DigestedFleet extends CatalogFleet {
  entitiesDigest: string;
}

/** The cluster list and what it was built from. */
interface ClusterList {
  fleet: Fleet;
  healthRevision: string;
  clusters: ClusterView[];
}

/**
 * How long the fleet, read with the plugin's own credentials, is served
 * before it is read again: the catalog itself takes minutes to pick up a
 * changed entity, and reading 10,000 clusters costs seconds of CPU.
 */
const FLEET_MAX_AGE_MS = 30_000;
/** Queue health changes once per poll cycle; the cluster list follows within this when another instance polls. */
const CLUSTERS_MAX_AGE_MS = 5_000;
/**
 * How often, at most, a request asks the catalog how many clusters it holds:
 * one count, a few milliseconds even for 10,000 clusters, so that a cluster
 * just registered (an edge just onboarded) joins the fleet within seconds
 * rather than at the next 30-second read.
 */
export const CLUSTER_COUNT_PROBE_MS = 2_000;

function digest(entities: Entity[]): string {
  return createHash('sha256').update(JSON.stringify(entities)).digest('hex');
}

/**
 * The one fleet everybody is served: resolved from the whole catalog with
 * the plugin's own credentials, read at most every 30 seconds, and its
 * cluster list joined with the latest queue health, rebuilt after each poll
 * cycle this instance records and at least every 5 seconds otherwise.
 *
 * The catalog tells no one when an entity changes (the catalog backend of
 * this release publishes events for processing errors and conflicts only),
 * so requests ask it, at most every 2 seconds, how many cluster Resources it
 * holds: when that count moved, the fleet is read again before they are
 * answered. A cluster added or removed shows within seconds; a change to an
 * existing cluster's annotations within the 30 seconds of a normal read.
 */
export class SharedFleet {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #resolveOptions: ResolveFleetOptions;
  readonly #health: Pick<
    HealthStore,
    'latest' | 'latestRevision' | 'globalRules'
  >;
  readonly #fleet: StaleWhileRevalidate<DigestedFleet>;
  readonly #clusters: StaleWhileRevalidate<ClusterList>;
  readonly #logger: LoggerService;
  readonly #now: () => number;
  #countProbe: {
    at: number;
    count?: number;
    running?: Promise<void>;
    failing?: boolean;
  } = { at: -Infinity };

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    resolveOptions: ResolveFleetOptions;
    health: Pick<HealthStore, 'latest' | 'latestRevision' | 'globalRules'>;
    now?: () => number;
  }) {
    this.#catalog = options.catalog;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#auth = options.auth;
    this.#resolveOptions = options.resolveOptions;
    this.#health = options.health;
    const { logger } = options;
    this.#fleet = new StaleWhileRevalidate({
      load: () => this.#sameOrResolved(),
      maxAgeMs: FLEET_MAX_AGE_MS,
      onReloadError: error =>
        logger.warn(
          `Could not read the fleet from the catalog, serving the one read before: ${stringifyError(
            error,
          )}`,
        ),
    });
    this.#clusters = new StaleWhileRevalidate({
      load: () => this.#sameOrRebuiltClusters(),
      maxAgeMs: CLUSTERS_MAX_AGE_MS,
      onReloadError: error =>
        logger.warn(
          `Could not read the latest queue health, serving the clusters read before: ${stringifyError(
            error,
          )}`,
        ),
    });
  }

  /** @throws when the catalog cannot be read and no fleet was read before. */
  async fleet(): Promise<CatalogFleet> {
    await this.#probeClusterCount();
    return this.#fleet.get();
  }

  /** The same array until it is rebuilt: do not change it. */
  async clusters(): Promise<ClusterView[]> {
    await this.#probeClusterCount();
    return (await this.#clusters.get()).clusters;
  }

  /**
   * A poll cycle stored new health: the cluster list is rebuilt on its next
   * request rather than served up to 5 seconds stale. Other backend
   * instances sharing the database still follow within those 5 seconds.
   */
  healthRecorded(): void {
    this.#clusters.invalidate();
  }

  /**
   * Asks the catalog how many cluster Resources it holds, at most every
   * CLUSTER_COUNT_PROBE_MS and once for all callers meanwhile; a count other
   * than the last one drops the fleet and the cluster list, so that this
   * caller and the next wait for the catalog's clusters as they are now. A
   * failed count is logged once, and leaves the cache as it is.
   */
  #probeClusterCount(): Promise<void> {
    const probe = this.#countProbe;
    if (probe.running) return probe.running;
    if (this.#now() - probe.at < CLUSTER_COUNT_PROBE_MS) {
      return Promise.resolve();
    }
    probe.at = this.#now();
    probe.running = this.#countClusters()
      .then(count => {
        if (probe.count !== undefined && count !== probe.count) {
          this.#fleet.invalidate();
          this.#clusters.invalidate();
        }
        probe.count = count;
        if (probe.failing) {
          this.#logger.info("Counting the catalog's clusters works again");
        }
        probe.failing = false;
      })
      .catch(error => {
        // Once per outage, and not as a warning: the fleet's own read warns
        // when the catalog fails, and a failed count only delays new
        // clusters to that read.
        if (!probe.failing) {
          this.#logger.info(
            `Could not count the catalog's clusters, so new ones join the fleet at its next read (at most 30 seconds): ${stringifyError(
              error,
            )}`,
          );
        }
        probe.failing = true;
      })
      .finally(() => {
        probe.running = undefined;
      });
    return probe.running;
  }

  async #countClusters(): Promise<number> {
    const { totalItems } = await this.#catalog.queryEntities(
      {
        filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE },
        limit: 0,
      },
      { credentials: await this.#auth.getOwnServiceCredentials() },
    );
    return totalItems;
  }

  /**
   * The fleet read before when the catalog returned the same entities again,
   * so that the cluster list built from it stays the same too.
   */
  async #sameOrResolved(): Promise<DigestedFleet> {
    const entities = await readFleetEntities(
      this.#catalog,
      await this.#auth.getOwnServiceCredentials(),
    );
    const entitiesDigest = digest(entities);
    const previous = this.#fleet.peek();
    if (previous?.entitiesDigest === entitiesDigest) {
      return previous;
    }
    const fleet = resolveFleet(entities, this.#resolveOptions);
    return { entities, fleet, entitiesDigest };
  }

  /**
   * Rebuilt only when the fleet or the latest health changed, and otherwise
   * the same array, which the router then sends as it encoded it before:
   * building and encoding the list of a 10,000-cluster fleet takes a few
   * hundred milliseconds of the backend's event loop.
   */
  async #sameOrRebuiltClusters(): Promise<ClusterList> {
    const { fleet } = await this.#fleet.get();
    const healthRevision = await this.#health.latestRevision();
    const previous = this.#clusters.peek();
    if (
      previous?.fleet === fleet &&
      previous.healthRevision === healthRevision
    ) {
      return previous;
    }
    const refsOf = (role: FleetCluster['role']) =>
      fleet.clusters.filter(c => c.role === role).map(c => c.ref);
    const [health, globalRules] = await Promise.all([
      this.#health.latest(refsOf('edge')),
      this.#health.globalRules(refsOf('global')),
    ]);
    return {
      fleet,
      healthRevision,
      clusters: fleet.clusters.map(cluster =>
        toClusterView(cluster, { health, globalRules }),
      ),
    };
  }
}
