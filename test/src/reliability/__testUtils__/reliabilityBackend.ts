import {
  BackendFeature,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// Reliability tests run the backend plugin itself.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import prometheusFleetPlugin from 'backstage-plugin-prometheus-fleet-backend';
import {
  FetchPrometheusQueryClient,
  PrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import { Knex } from 'knex';
import request from 'supertest';
import { CapturingLogger } from '../../integration/capturingLogger';

export interface ReliabilityBackendOptions {
  prometheusFleet: JsonObject;
  /** Served by a mock catalog; leave out when `features` bring a catalog. */
  entities?: Entity[];
  /**
   * A PostgreSQL database through Backstage's own database service, or the
   * test backend's in-memory SQLite when left out.
   */
  postgres?: Knex.PgConnectionConfig;
  client?: PrometheusQueryClient;
  /** Who a request without credentials is; a user by default, as in startTestBackend. */
  defaultCredentials?: BackstageCredentials;
  logger?: CapturingLogger;
  /** More root config, e.g. for the catalog. */
  config?: JsonObject;
  features?: BackendFeature[];
}

export interface ReliabilityBackend {
  api: ReturnType<typeof request>;
  logger: CapturingLogger;
  stop(): Promise<void>;
}

function databaseConfig(postgres: Knex.PgConnectionConfig): JsonObject {
  const { database, ...server } = postgres;
  return {
    client: 'pg',
    connection: server as JsonObject,
    // The test created the database; the plugin gets exactly that one.
    ensureExists: false,
    plugin: { 'prometheus-fleet': { connection: { database: database! } } },
  };
}

/**
 * The prometheus-fleet backend plugin as it runs in production as far as
 * reliability goes: the real scheduler (its distributed lock lives in the
 * plugin's database) and, with `postgres`, Backstage's real database service
 * on a PostgreSQL server.
 */
export async function startReliabilityBackend(
  options: ReliabilityBackendOptions,
): Promise<ReliabilityBackend> {
  const logger = options.logger ?? new CapturingLogger();
  const client = options.client ?? new FetchPrometheusQueryClient();
  const backend = await startTestBackend({
    features: [
      prometheusFleetPlugin,
      ...(options.entities
        ? [catalogServiceMock.factory({ entities: options.entities })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          ...(options.postgres
            ? { backend: { database: databaseConfig(options.postgres) } }
            : {}),
          prometheusFleet: options.prometheusFleet,
        },
      }),
      ...(options.postgres ? [databaseServiceFactory] : []),
      schedulerServiceFactory,
      ...(options.defaultCredentials
        ? [
            mockServices.httpAuth.factory({
              defaultCredentials: options.defaultCredentials,
            }),
          ]
        : []),
      createServiceFactory({
        service: prometheusQueryClientServiceRef,
        deps: {},
        factory: () => client,
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
      ...(options.features ?? []),
    ],
  });
  return {
    api: request(backend.server),
    logger,
    stop: () => backend.stop(),
  };
}
