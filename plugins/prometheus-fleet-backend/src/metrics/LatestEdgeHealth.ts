import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { Fleet } from 'backstage-plugin-prometheus-fleet-common';
import { HealthStore } from '../store/types';
import { EdgeHealthSample, edgeHealthSamples, edgeRefsOf } from './edgeSamples';

interface Read {
  fleet: Fleet;
  revision: string;
  samples: EdgeHealthSample[];
}

/**
 * The fleet's edges with their latest health, for the metrics: read from the
 * store that every backend instance shares, so that each instance exports
 * the same values whichever of them polled.
 *
 * A collection costs the store one cheap query (its latest revision) while
 * nothing changed; the health itself is read again only when the revision
 * or the fleet (cached by the fleet service) changed. The gauges of one
 * collection share one read. It never rejects: when the store or the
 * catalog fails, it logs once and returns what it read before, if anything.
 */
export class LatestEdgeHealth {
  readonly #loadFleet: () => Promise<Fleet>;
  readonly #health: Pick<HealthStore, 'latest' | 'latestRevision'>;
  readonly #logger: LoggerService;
  #last?: Read;
  #reading?: Promise<readonly EdgeHealthSample[] | undefined>;
  #failing = false;

  constructor(options: {
    loadFleet: () => Promise<Fleet>;
    health: Pick<HealthStore, 'latest' | 'latestRevision'>;
    logger: LoggerService;
  }) {
    this.#loadFleet = options.loadFleet;
    this.#health = options.health;
    this.#logger = options.logger;
  }

  /** Undefined only while nothing could be read yet. */
  samples(): Promise<readonly EdgeHealthSample[] | undefined> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<readonly EdgeHealthSample[] | undefined> {
    try {
      const [fleet, revision] = await Promise.all([
        this.#loadFleet(),
        this.#health.latestRevision(),
      ]);
      const last = this.#last;
      if (last?.fleet !== fleet || last.revision !== revision) {
        const health = await this.#health.latest(edgeRefsOf(fleet));
        this.#last = {
          fleet,
          revision,
          samples: edgeHealthSamples(fleet, health),
        };
      }
      if (this.#failing) {
        this.#logger.info(
          'Reading the fleet health for its metrics works again',
        );
        this.#failing = false;
      }
      return this.#last!.samples;
    } catch (error) {
      if (!this.#failing) {
        this.#logger.warn(
          `Could not read the fleet health for its metrics, exporting ${
            this.#last ? 'what was read before' : 'none'
          }: ${stringifyError(error)}`,
        );
        this.#failing = true;
      }
      return this.#last?.samples;
    }
  }
}
