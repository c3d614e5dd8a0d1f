import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// Integration tests run the backend plugin itself.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import prometheusFleetPlugin from 'backstage-plugin-prometheus-fleet-backend';
import {
  PrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import request from 'supertest';
import { CapturingLogger } from './capturingLogger';

export interface FleetBackendOptions {
  entities: Entity[];
  prometheusFleet: JsonObject;
  client: PrometheusQueryClient;
  /**
   * `real`: the backend's own scheduler polls on the configured schedule.
   * `once`: one poll during startup, then none.
   */
  scheduler: 'real' | 'once';
  /** Other plugins the backend runs beside, e.g. the notifications backend. */
  features?: BackendFeature[];
  /** Root config beside `prometheusFleet`, e.g. `app.baseUrl` for the notifications backend. */
  config?: JsonObject;
}

export interface FleetBackend {
  api: ReturnType<typeof request>;
  logger: CapturingLogger;
  stop(): Promise<void>;
}

/** The prometheus-fleet backend plugin with a mock catalog holding the given entities. */
export async function startFleetBackend(
  options: FleetBackendOptions,
): Promise<FleetBackend> {
  const logger = new CapturingLogger();
  const backend = await startTestBackend({
    features: [
      prometheusFleetPlugin,
      ...(options.features ?? []),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: { ...options.config, prometheusFleet: options.prometheusFleet },
      }),
      options.scheduler === 'real'
        ? schedulerServiceFactory
        : mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
      createServiceFactory({
        service: prometheusQueryClientServiceRef,
        deps: {},
        factory: () => options.client,
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
    ],
  });
  return {
    api: request(backend.server),
    logger,
    stop: () => backend.stop(),
  };
}
