import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { registerFleetActions } from './actions/registerFleetActions';
import { readPrometheusFleetConfig } from './config';
import { registerFleetHealthMetrics } from './metrics/registerFleetHealthMetrics';
import { EdgeStateNotifier } from './notifications/EdgeStateNotifier';
import { NotificationStateStore } from './notifications/NotificationStateStore';
import { QueueHealthPoller } from './poller/QueueHealthPoller';
import { prometheusQueryClientServiceRef } from 'backstage-plugin-prometheus-fleet-node';
import { createRouter } from './router';
import { CatalogFleetService } from './service/CatalogFleetService';
import { DatabaseHealthStore } from './store/DatabaseHealthStore';

/** Task ids: the scheduler's lock makes one backend instance of several run each. */
export const POLL_TASK_ID = 'prometheus-fleet-poll';
export const HISTORY_CLEANUP_TASK_ID = 'prometheus-fleet-history-cleanup';

/**
 * Resolves the Prometheus fleet from the catalog, polls the remote-write
 * queue health of its edges, and serves both, with each cluster's
 * kube-prometheus-stack values, at `/api/prometheus-fleet`.
 *
 * @public
 */
export const prometheusFleetPlugin = createBackendPlugin({
  pluginId: 'prometheus-fleet',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        queryClient: prometheusQueryClientServiceRef,
        metrics: metricsServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        auth,
        permissions,
        logger,
        config,
        database,
        scheduler,
        catalog,
        queryClient,
        metrics,
        notifications,
        actionsRegistry,
      }) {
        const fleetConfig = readPrometheusFleetConfig(config);
        const queryEndpoints = fleetConfig.queryEndpoints.map(e => e.name);
        logger.info(
          `Query endpoints: ${queryEndpoints.join(', ') || 'none configured'}`,
        );

        const store = await DatabaseHealthStore.create({ database });
        const fleet = new CatalogFleetService({
          catalog,
          permissions,
          auth,
          logger,
          queryEndpoints,
          valuesOptions: fleetConfig.values,
          health: store,
        });
        registerFleetHealthMetrics({
          metrics,
          loadFleet: () => fleet.wholeFleet(),
          health: store,
          logger,
        });
        registerFleetActions({ actionsRegistry, fleet, auth });
        const { enabled: notify, ...notificationRules } =
          fleetConfig.notifications;
        const notifier = notify
          ? new EdgeStateNotifier({
              store: new NotificationStateStore(await database.getClient()),
              notifications,
              logger,
              rules: notificationRules,
            })
          : undefined;
        const poller = new QueueHealthPoller({
          loadFleet: () => fleet.wholeFleet(),
          client: queryClient,
          store,
          logger,
          queryEndpoints: fleetConfig.queryEndpoints,
          thresholds: fleetConfig.thresholds,
          queries: fleetConfig.queries,
          queueConfig: fleetConfig.values.queueConfig,
          onboardingGracePeriodSeconds:
            fleetConfig.onboarding.gracePeriodSeconds,
          onCycleRecorded: async cycle => {
            fleet.healthRecorded();
            await notifier?.cycleRecorded(cycle);
          },
        });

        await scheduler.scheduleTask({
          ...fleetConfig.schedule,
          initialDelay: fleetConfig.schedule.initialDelay ?? { seconds: 5 },
          id: POLL_TASK_ID,
          fn: async signal => {
            await poller.poll(signal);
          },
        });
        await scheduler.scheduleTask({
          id: HISTORY_CLEANUP_TASK_ID,
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const cutoff = new Date(
              Date.now() - fleetConfig.history.retentionMs,
            );
            const deleted = await store.deleteOlderThan(cutoff);
            logger.debug(
              `Deleted ${deleted} queue-health rows older than ${cutoff.toISOString()}`,
            );
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            fleet,
            catalog,
            thresholds: fleetConfig.thresholds,
          }),
        );
      },
    });
  },
});
