import { LoggerService } from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { stringifyError } from '@backstage/errors';
import { Fleet } from 'backstage-plugin-prometheus-fleet-common';
import { HealthStore } from '../store/types';
import { EdgeHealthSample } from './edgeSamples';
import { LatestEdgeHealth } from './LatestEdgeHealth';
import {
  EDGE_LAG_METRIC,
  EDGE_LAST_SEEN_AGE_METRIC,
  EDGE_STATUS_METRIC,
} from './names';
import {
  lagObservations,
  lastSeenAgeObservations,
  Observation,
  statusObservations,
} from './observations';
import { RetiringSeries } from './RetiringSeries';

/**
 * Publishes each edge's status, lag and last-seen age through the metrics
 * service, as observable gauges read at each collection from the store all
 * backend instances share (see `LatestEdgeHealth`).
 */
export function registerFleetHealthMetrics(options: {
  metrics: MetricsService;
  loadFleet: () => Promise<Fleet>;
  health: Pick<HealthStore, 'latest' | 'latestRevision'>;
  logger: LoggerService;
  now?: () => number;
}): void {
  const { metrics, logger, now = Date.now } = options;
  const edges = new LatestEdgeHealth(options);

  function gauge<TLabels extends Record<string, string>>(
    name: string,
    opts: { description: string; unit?: string },
    observe: (
      samples: readonly EdgeHealthSample[],
      nowMs: number,
    ) => Observation<TLabels>[],
    retiredValue: number,
  ) {
    const series = new RetiringSeries<TLabels>(retiredValue);
    metrics
      .createObservableGauge<TLabels>(name, opts)
      .addCallback(async result => {
        // A callback that throws fails the whole collection: log and skip.
        try {
          const samples = await edges.samples();
          if (!samples) return;
          for (const { value, attributes } of series.next(
            observe(samples, now()),
          )) {
            result.observe(value, attributes);
          }
        } catch (error) {
          logger.warn(`Could not observe ${name}: ${stringifyError(error)}`);
        }
      });
  }

  gauge(
    EDGE_STATUS_METRIC,
    {
      description:
        "1 on each fleet edge's series for its current queue-health status (healthy, pending, warning, critical, silent, unknown); a status it no longer has reads 0",
    },
    statusObservations,
    0,
  );
  gauge(
    EDGE_LAG_METRIC,
    {
      description:
        "Each fleet edge's remote-write lag at its latest poll: its newest sample minus the newest one its queue sent",
      unit: 's',
    },
    lagObservations,
    NaN,
  );
  gauge(
    EDGE_LAST_SEEN_AGE_METRIC,
    {
      description:
        "Seconds since each fleet edge's global last received a sample from it, at collection time; none for an edge never seen",
      unit: 's',
    },
    lastSeenAgeObservations,
    NaN,
  );
}
