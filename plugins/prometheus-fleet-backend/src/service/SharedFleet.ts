import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterView,
  Fleet,
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

function digest(entities: Entity[]): string {
  return createHash('sha256').update(JSON.stringify(entities)).digest('hex');
}

/**
 * The one fleet everybody is served: resolved from the whole catalog with
 * the plugin's own credentials, read at most every 30 seconds, and its
 * cluster list joined with the latest queue health, rebuilt after each poll
 * cycle this instance records and at least every 5 seconds otherwise.
 */
export class SharedFleet {
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #resolveOptions: ResolveFleetOptions;
  readonly #health: Pick<HealthStore, 'latest' | 'latestRevision'>;
  readonly #fleet: StaleWhileRevalidate<DigestedFleet>;
  readonly #clusters: StaleWhileRevalidate<ClusterList>;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    resolveOptions: ResolveFleetOptions;
    health: Pick<HealthStore, 'latest' | 'latestRevision'>;
  }) {
    this.#catalog = options.catalog;
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
  fleet(): Promise<CatalogFleet> {
    return this.#fleet.get();
  }

  /** The same array until it is rebuilt: do not change it. */
  async clusters(): Promise<ClusterView[]> {
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
    const edges = fleet.clusters.filter(c => c.role === 'edge');
    const health = await this.#health.latest(edges.map(c => c.ref));
    return {
      fleet,
      healthRevision,
      clusters: fleet.clusters.map(cluster => toClusterView(cluster, health)),
    };
  }
}
