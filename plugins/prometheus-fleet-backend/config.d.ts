import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration for the Prometheus Fleet backend plugin. */
  prometheusFleet?: {
    /**
     * The Prometheus query endpoints the backend may poll. Globals name one of
     * them in their `prometheus-fleet.io/query-endpoint` annotation: the
     * catalog never supplies a URL.
     */
    queryEndpoints?: Array<{
      /** Name that globals refer to, unique among the endpoints. */
      name: string;
      /** Base URL of the Prometheus HTTP API, e.g. http://prometheus.global-eu.svc:9090 */
      url: string;
      /**
       * Extra HTTP headers sent with every query, e.g. `X-Scope-OrgID`. Each
       * value is secret (`deepVisibility`: `visibility` on a map covers only
       * the map, not its values).
       * @deepVisibility secret
       */
      headers?: { [name: string]: string };
      /**
       * Bearer token sent as `Authorization: Bearer <token>`.
       * @visibility secret
       */
      token?: string;
      /** Timeout of one query. Defaults to 10 seconds. */
      timeout?: HumanDuration | string;
      /**
       * What answers at `url`: prometheus (default), mimir, cortex, thanos
       * (Thanos Query in front of Thanos Receive) or victoriametrics. It
       * sets the query path, the tenant header and label, and the values of
       * the globals polled here.
       */
      engine?: 'prometheus' | 'mimir' | 'cortex' | 'thanos' | 'victoriametrics';
      /**
       * Path of the query API under `url`. Defaults to the engine's:
       * `/prometheus` for mimir and cortex, none for the others.
       */
      pathPrefix?: string;
      /**
       * How tenants are read (mimir, cortex, thanos): `none` (default), one
       * query set without a tenant; `per-tenant`, one query set per tenant
       * the catalog gives the edges of this endpoint's globals, each with the
       * engine's tenant header (`X-Scope-OrgID`, `THANOS-TENANT`);
       * `federated`, one query set over all of them (Mimir and Cortex with
       * tenant federation: `X-Scope-OrgID: a|b|c`, results told apart by
       * `__tenant_id__`; Thanos Query: every tenant, told apart by
       * `tenant_id`).
       */
      tenancy?: 'none' | 'per-tenant' | 'federated';
    }>;
    /** How often queue health is polled. Defaults to every 30 seconds with a 25 second timeout. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Queue health classification thresholds (defaults follow the Prometheus
     * mixin). `lagCritical` and `silentAfter` also set the alerts in every
     * global's generated values.
     */
    thresholds?: {
      /** Lag above which an edge is `warning`. Defaults to 60s. */
      lagWarning?: HumanDuration | string;
      /** Lag above which an edge is `critical`, and PrometheusFleetRemoteWriteBehind fires. Defaults to 120s. */
      lagCritical?: HumanDuration | string;
      /** Time without a sample after which an edge is `silent`, and PrometheusFleetEdgeSilent fires. Defaults to 5m. */
      silentAfter?: HumanDuration | string;
    };
    /**
     * The recording and alerting rules in every global's generated values
     * (`additionalPrometheusRulesMap.prometheus-fleet`), which alert on the
     * catalog's edges without Backstage running.
     */
    rules?: {
      /** Set to false to leave them out, e.g. for teams with their own. Defaults to true. */
      enabled?: boolean;
    };
    /** Look-back windows of the queue-health queries. */
    queries?: {
      /**
       * How far back rates (failed, retried samples) and highest values look.
       * Defaults to 5m, as the Prometheus mixin; a shorter window clears
       * past retries sooner.
       */
      window?: HumanDuration | string;
      /**
       * How far back the newest sample of a silent edge is searched, so its
       * health says for how long it has been silent. Defaults to 1h.
       */
      lastSeenWindow?: HumanDuration | string;
    };
    /** Edges that have joined the fleet and never reported. */
    onboarding?: {
      /**
       * How long an edge that never reported reads `pending` (awaiting first
       * data) from when the fleet first saw it, before it reads `silent`; a
       * global's PrometheusFleetEdgeSilent waits as long for an edge it has
       * never heard from. Defaults to 24h.
       * @visibility backend
       */
      gracePeriod?: HumanDuration | string;
    };
    /**
     * Notifications to each edge's owner (user or group) through Backstage's
     * notifications service, when the edge turns to one of `statuses` and
     * when it leaves it. The app needs the notifications backend for them
     * to arrive.
     */
    notifications?: {
      /**
       * Whether to send them. Defaults to false.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * Statuses whose start and end notify: any of critical, silent,
       * warning. Defaults to critical and silent.
       * @visibility backend
       */
      statuses?: Array<'critical' | 'silent' | 'warning'>;
      /**
       * How long an edge stays in its new state before its owner is told, so
       * that a flapping edge does not spam; measured between poll cycles.
       * Defaults to 2m.
       * @visibility backend
       */
      minDuration?: HumanDuration | string;
    };
    history?: {
      /**
       * How long queue health history is kept. Defaults to 7d. The
       * onboarding facts of an edge gone from the fleet for as long go too:
       * should it come back, it is new again.
       */
      retention?: HumanDuration | string;
    };
    /** The kube-prometheus-stack release the generated values are written for. */
    chart?: {
      /** Chart version. Defaults to 88.5.3. */
      version?: string;
      /** Helm release name. Defaults to kube-prometheus-stack. */
      releaseName?: string;
      /** Kubernetes namespace of the release. Defaults to monitoring. */
      namespace?: string;
    };
    remoteWrite?: {
      /**
       * Queue tuning of every edge's remote write, as the Prometheus
       * Operator's QueueConfig. An edge's `prometheus-fleet.io/max-shards`
       * annotation overrides `maxShards`.
       */
      queueConfig?: {
        capacity?: number;
        minShards?: number;
        maxShards?: number;
        maxSamplesPerSend?: number;
        /** Prometheus duration, e.g. 5s. */
        batchSendDeadline?: string;
        /** Prometheus duration, e.g. 30ms. */
        minBackoff?: string;
        /** Prometheus duration, e.g. 5s. */
        maxBackoff?: string;
        retryOnRateLimit?: boolean;
        /** Prometheus duration, e.g. 30m. */
        sampleAgeLimit?: string;
      };
    };
  };
}
