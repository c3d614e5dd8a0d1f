import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  buildQueueHealthQueries,
  DEFAULT_ONBOARDING_GRACE_SECONDS,
  EdgeOnboarding,
  Fleet,
  hasBlockingProblems,
  HealthThresholds,
  plural,
  QueueConfig,
  QueueHealthQuery,
} from 'backstage-plugin-prometheus-fleet-common';
import { PrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { FleetQueryEndpoint, QueryWindows } from '../config';
import {
  EdgeHealthRecord,
  EdgeOnboardingFacts,
  HealthStore,
  OnboardingRecord,
} from '../store/types';
import { assessFleet } from './assessFleet';
import {
  describeFailures,
  EndpointPoll,
  nextPath,
  PollPath,
} from './pollEndpoint';
import { pollKey, pollTenants, tenantAt } from './tenantPolls';
import { globalRulesStates } from './globalRulesStates';
import { StateChangeLog } from './StateChangeLog';

/**
 * `cluster` labels of the edges whose global each query endpoint answers
 * for, by the tenant their series are in there (undefined without tenancy),
 * and which have values: an edge with blocking problems cannot report, so
 * it is looked for only among the series recorded from every cluster.
 */
function expectedClustersByEndpoint(
  fleet: Fleet,
  endpoints: ReadonlyMap<string, FleetQueryEndpoint>,
): Map<string, Map<string | undefined, string[]>> {
  const endpointOf = new Map(
    fleet.clusters
      .filter(c => c.role === 'global' && c.queryEndpoint)
      .map(c => [c.ref, c.queryEndpoint!]),
  );
  const expected = new Map<string, Map<string | undefined, string[]>>();
  for (const edge of fleet.clusters) {
    const endpoint = edge.global && endpointOf.get(edge.global);
    if (edge.role !== 'edge' || !endpoint || hasBlockingProblems(edge)) {
      continue;
    }
    const tenant = tenantAt(endpoints.get(endpoint), edge);
    let byTenant = expected.get(endpoint);
    if (!byTenant) {
      byTenant = new Map();
      expected.set(endpoint, byTenant);
    }
    byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), edge.clusterLabel]);
  }
  return expected;
}

/**
 * Each edge's onboarding as the cycle classifies it: as recorded, or first
 * seen at this cycle when no cycle has recorded it yet.
 */
function onboardingOf(
  fleet: Fleet,
  facts: ReadonlyMap<string, EdgeOnboardingFacts>,
  time: Date,
  gracePeriodSeconds: number,
): Map<string, EdgeOnboarding> {
  const result = new Map<string, EdgeOnboarding>();
  for (const edge of fleet.clusters) {
    if (edge.role !== 'edge') continue;
    const known = facts.get(edge.ref);
    result.set(edge.ref, {
      firstSeenAt: known?.firstSeenAt ?? time,
      everReported: Boolean(known?.firstReportedAt),
      gracePeriodSeconds,
    });
  }
  return result;
}

/**
 * What this cycle adds to the recorded onboarding: edges with values seen
 * for the first time (an edge with blocking problems has none to install,
 * and its global does not expect it either), and first reports.
 */
function newOnboardingFacts(
  fleet: Fleet,
  facts: ReadonlyMap<string, EdgeOnboardingFacts>,
  healths: readonly EdgeHealthRecord[],
): OnboardingRecord {
  const seen = fleet.clusters
    .filter(
      c => c.role === 'edge' && !facts.has(c.ref) && !hasBlockingProblems(c),
    )
    .map(c => c.ref);
  const reported = healths
    .filter(
      ({ ref, health }) =>
        health.lastSeen !== null && !facts.get(ref)?.firstReportedAt,
    )
    .map(({ ref }) => ref);
  return { seen, reported };
}

/** What one cycle did, for logs and tests. */
export interface PollSummary {
  endpoints: number;
  /** Endpoints read through their global's recorded series. */
  recordedEndpoints: number;
  queries: number;
  edges: number;
  durationMs: number;
}

export interface QueueHealthPollerOptions {
  /**
   * The whole fleet, read with the plugin's own credentials, from a cache
   * that serves the fleet read before while the catalog fails (SharedFleet).
   */
  loadFleet: () => Promise<Fleet>;
  client: PrometheusQueryClient;
  store: HealthStore;
  logger: LoggerService;
  queryEndpoints: readonly FleetQueryEndpoint[];
  thresholds: HealthThresholds;
  queries: QueryWindows;
  queueConfig?: QueueConfig;
  /**
   * How long an edge that never reported reads `pending` from when the
   * fleet first saw it; 24 hours unless given.
   */
  onboardingGracePeriodSeconds?: number;
  now?: () => Date;
  /**
   * Called, and awaited, once a cycle's health is stored: by the instance
   * that polled, so that readers serve it at once and owners are told once.
   */
  onCycleRecorded?: (cycle: RecordedCycle) => Promise<void>;
}

/** A cycle as stored: the fleet it polled and every edge's health. */
export interface RecordedCycle {
  fleet: Fleet;
  observedAt: Date;
  healths: EdgeHealthRecord[];
}

const OK = 'ok';

/**
 * One poll cycle: reads the fleet, sends the fixed set of queue-health
 * queries to every query endpoint a global names, classifies every edge,
 * finds drift and orphans, and records it all. It never throws: each
 * failure becomes an `unknown` health with its reason, and is logged once
 * when it starts and once when it ends.
 */
export class QueueHealthPoller {
  readonly #options: QueueHealthPollerOptions;
  readonly #queries: QueueHealthQuery[];
  /** The raw queries keeping each tenant label federated endpoints use. */
  readonly #federated = new Map<string, QueueHealthQuery[]>();
  readonly #endpoints: ReadonlyMap<string, FleetQueryEndpoint>;
  readonly #states = new StateChangeLog();
  /** Each endpoint's path for its next cycle; raw until its global is seen to record. */
  readonly #paths = new Map<string, PollPath>();
  readonly #now: () => Date;

  constructor(options: QueueHealthPollerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#queries = buildQueueHealthQueries({
      window: options.queries.windowSeconds,
      lastSeenWindow: options.queries.lastSeenWindowSeconds,
    });
    this.#endpoints = new Map(options.queryEndpoints.map(e => [e.name, e]));
  }

  #federatedQueries(tenantLabel: string): QueueHealthQuery[] {
    let queries = this.#federated.get(tenantLabel);
    if (!queries) {
      queries = buildQueueHealthQueries({
        window: this.#options.queries.windowSeconds,
        lastSeenWindow: this.#options.queries.lastSeenWindowSeconds,
        tenantLabel,
      });
      this.#federated.set(tenantLabel, queries);
    }
    return queries;
  }

  async poll(signal?: AbortSignal): Promise<PollSummary | undefined> {
    const started = Date.now();
    const fleet = await this.#readFleet();
    if (!fleet) return undefined;

    const names = new Set(fleet.clusters.map(c => c.queryEndpoint));
    const endpoints = this.#options.queryEndpoints.filter(e =>
      names.has(e.name),
    );
    const time = this.#now();
    const expected = expectedClustersByEndpoint(fleet, this.#endpoints);
    const windows = this.#options.queries;
    // Read while the endpoints are polled: one store call for every edge.
    const recordedOnboarding = this.#readOnboarding(fleet);
    const polls = (
      await Promise.all(
        endpoints.map(endpoint =>
          pollTenants({
            client: this.#options.client,
            endpoint,
            path: this.#paths.get(endpoint.name) ?? 'raw',
            rawQueries: this.#queries,
            federatedQueries: label => this.#federatedQueries(label),
            windows,
            expected: expected.get(endpoint.name) ?? new Map(),
            time,
            signal,
          }),
        ),
      )
    ).flat();
    for (const poll of polls) {
      this.#logEndpointState(poll);
      if (poll.tenant === undefined) {
        this.#paths.set(poll.endpoint, nextPath(poll, windows));
      }
    }

    const facts = await recordedOnboarding;
    const { healths, problems } = assessFleet(
      fleet,
      new Map(polls.map(poll => [pollKey(poll.endpoint, poll.tenant), poll])),
      {
        tenantOf: (edge, global) =>
          tenantAt(this.#endpoints.get(global.queryEndpoint ?? ''), edge),
        now: time,
        thresholds: this.#options.thresholds,
        queueConfig: this.#options.queueConfig,
        ...(facts
          ? {
              onboarding: onboardingOf(
                fleet,
                facts,
                time,
                this.#options.onboardingGracePeriodSeconds ??
                  DEFAULT_ONBOARDING_GRACE_SECONDS,
              ),
            }
          : {}),
      },
    );
    for (const { ref, health } of healths) {
      const before = this.#states.get(`edge:${ref}`);
      if (this.#states.record(`edge:${ref}`, health.status) && before) {
        this.#options.logger.debug(
          `${ref}: ${before} → ${health.status} (${health.reasons
            .map(reason => reason.message)
            .join('; ')})`,
        );
      }
    }

    let recorded = false;
    try {
      await this.#options.store.recordCycle({
        observedAt: time,
        healths,
        problems,
        globalRules: globalRulesStates(fleet, polls, windows),
        ...(facts
          ? { onboarding: newOnboardingFacts(fleet, facts, healths) }
          : {}),
      });
      recorded = true;
      this.#stateChange('store', OK, () =>
        this.#options.logger.info('Recording queue health works again'),
      );
    } catch (error) {
      this.#stateChange('store', `failed: ${stringifyError(error)}`, () =>
        this.#options.logger.error(
          `Could not record queue health, it is lost until recording works again: ${stringifyError(
            error,
          )}`,
        ),
      );
    }
    if (recorded) {
      await this.#options.onCycleRecorded?.({
        fleet,
        observedAt: time,
        healths,
      });
    }

    const summary: PollSummary = {
      endpoints: polls.length,
      recordedEndpoints: polls.filter(poll => poll.path === 'recorded').length,
      queries: polls.reduce((sum, poll) => sum + poll.queries, 0),
      edges: healths.length,
      durationMs: Date.now() - started,
    };
    this.#options.logger.debug(
      `Poll cycle: ${plural(summary.endpoints, 'endpoint')}, ${plural(
        summary.edges,
        'edge',
      )}, ${plural(summary.queries, 'query', 'queries')} in ${
        summary.durationMs
      } ms`,
    );
    return summary;
  }

  /**
   * The recorded onboarding of the fleet's edges, or undefined when the store
   * cannot be read: edges are then classified without it, as before it
   * existed (never `pending`), and no fact is recorded, so that a store
   * outage makes no known edge new.
   */
  async #readOnboarding(
    fleet: Fleet,
  ): Promise<Map<string, EdgeOnboardingFacts> | undefined> {
    try {
      const facts = await this.#options.store.onboarding(
        fleet.clusters.filter(c => c.role === 'edge').map(c => c.ref),
      );
      this.#stateChange('onboarding', OK, () =>
        this.#options.logger.info(
          'Reading when edges joined the fleet works again',
        ),
      );
      return facts;
    } catch (error) {
      this.#stateChange('onboarding', `failed: ${stringifyError(error)}`, () =>
        this.#options.logger.error(
          `Could not read when edges joined the fleet, edges that never reported read silent until it can be read: ${stringifyError(
            error,
          )}`,
        ),
      );
      return undefined;
    }
  }

  /** The fleet, or undefined while none could be read yet: nothing is polled then. */
  async #readFleet(): Promise<Fleet | undefined> {
    try {
      const fleet = await this.#options.loadFleet();
      this.#stateChange('catalog', OK, () =>
        this.#options.logger.info(
          'Reading the fleet from the catalog works again',
        ),
      );
      return fleet;
    } catch (error) {
      this.#stateChange('catalog', `failed: ${stringifyError(error)}`, () =>
        this.#options.logger.warn(
          `Could not read the fleet from the catalog, nothing is polled until it can be read: ${stringifyError(
            error,
          )}`,
        ),
      );
      return undefined;
    }
  }

  #logEndpointState(poll: EndpointPoll) {
    const { logger } = this.#options;
    // Every endpoint starts on the raw path: only a change is news.
    if (this.#states.record(`path:${poll.endpoint}`, poll.path, 'raw')) {
      logger.info(
        poll.path === 'recorded'
          ? `Query endpoint "${poll.endpoint}": its global records the fleet's series, reading those`
          : `Query endpoint "${poll.endpoint}": its global does not record the fleet's series this backend reads, querying the raw ones`,
      );
    }
    const failures = describeFailures(poll.failures);
    let state = OK;
    if (!poll.observation) state = `unreachable: ${failures}`;
    else if (poll.failures.length) state = `partial: ${failures}`;
    const key = pollKey(poll.endpoint, poll.tenant);
    this.#stateChange(`endpoint:${key}`, state, () => {
      const name = `Query endpoint "${poll.endpoint}"${
        poll.tenant === undefined ? '' : ` (tenant "${poll.tenant}")`
      }`;
      if (state === OK) {
        logger.info(`${name} answers every query again`);
      } else if (!poll.observation) {
        logger.warn(
          `${name} failed every query, its edges are unknown until it answers: ${failures}`,
        );
      } else {
        logger.warn(`${name} failed some queries: ${failures}`);
      }
    });
  }

  /** Runs `log` when the state of `key` changed; things start out fine. */
  #stateChange(key: string, state: string, log: () => void) {
    if (this.#states.record(key, state, OK)) log();
  }
}
