import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { buildQueueHealthQueries } from 'backstage-plugin-prometheus-fleet-common';
import {
  InstantQueryRequest,
  PrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import { prometheusFleetPlugin } from '../../plugin';
import {
  clusterEntity,
  edgeEntity,
  globalEntity,
  WRITE_URL,
} from '../../__testUtils__/clusterEntities';
import { conditionalPermissions } from '../../__testUtils__/conditionalPermissions';
import { queueHealthBodies } from '../../__testUtils__/queueHealthResponses';
import { readableCatalog } from '../../__testUtils__/readableCatalog';

/*
 * A fleet with known health for the actions' tests: global-eu polled, where
 * edge-eu-3 is critical, edge-eu-2 silent and drifting, edge-eu-1 healthy,
 * edge-bad blocked by its cluster label; global-us, a Mimir without a query
 * endpoint and its edge-us-1, both owned by group:default/payments.
 */

const ownedBy = (entity: Entity, owner: string): Entity => ({
  ...entity,
  spec: { ...entity.spec, owner },
});

const globalEu = globalEntity('global-eu', 'global-eu');
/** No query endpoint: its edges cannot be polled. A Grafana Mimir. */
const globalUs = ownedBy(
  {
    ...globalEntity('global-us'),
    metadata: {
      name: 'global-us',
      namespace: 'default',
      annotations: {
        ...globalEntity('global-us').metadata.annotations,
        'prometheus-fleet.io/engine': 'mimir',
      },
    },
  },
  'group:default/payments',
);
const edgeEu1 = edgeEntity('edge-eu-1', 'global-eu');
const edgeEu2 = edgeEntity('edge-eu-2', 'global-eu');
const edgeEu3 = ownedBy(
  edgeEntity('edge-eu-3', 'global-eu'),
  'group:default/payments',
);
const edgeBad = clusterEntity('edge-bad', {
  'prometheus-fleet.io/role': 'edge',
  'prometheus-fleet.io/global': 'resource:default/global-eu',
  'prometheus-fleet.io/cluster-label': 'not a label!',
});
const edgeUs1 = ownedBy(
  edgeEntity('edge-us-1', 'global-us'),
  'group:default/payments',
);
const everything = [
  globalEu,
  globalUs,
  edgeEu1,
  edgeEu2,
  edgeEu3,
  edgeBad,
  edgeUs1,
];

export const alice = 'user:default/alice';
/** Reads two edges of global-eu, not edge-eu-1 and not the global. */
export const bob = 'user:default/bob';
const visible: Record<string, Entity[]> = {
  [alice]: everything,
  [bob]: [edgeEu2, edgeEu3],
};

const catalog = readableCatalog(everything, visible);

/**
 * global-eu, where edge-eu-1 is healthy, edge-eu-2 went silent after writing
 * through another URL than its values say, edge-eu-3 lags 200 s, and a
 * cluster no entity declares sends.
 */
class FakeGlobalClient implements PrometheusQueryClient {
  readonly #ids = new Map(buildQueueHealthQueries().map(q => [q.promql, q.id]));

  async instantQuery(_endpoint: unknown, req: InstantQueryRequest) {
    const at = req.time.getTime() / 1000;
    const bodies = queueHealthBodies({
      at,
      queues: [
        { cluster: 'edge-eu-1', remoteName: 'fleet-global-eu', url: WRITE_URL },
        {
          cluster: 'edge-eu-2',
          remoteName: 'fleet-global-eu',
          url: 'http://gate.example.com/api/v1/write',
          lag: 90,
        },
        {
          cluster: 'edge-eu-3',
          remoteName: 'fleet-global-eu',
          url: WRITE_URL,
          lag: 200,
        },
      ],
      lastSeen: {
        'global-eu': at,
        'edge-eu-1': at - 2,
        'edge-eu-2': at - 900,
        'edge-eu-3': at - 1,
        'edge-ghost': at - 4,
      },
    });
    return bodies[this.#ids.get(req.promql)!] as any;
  }
}

/**
 * Starts the plugin with the default actions registry, the fleet above, one
 * poll at startup, and `features` and `config` on top.
 */
export async function startFleetBackend(
  features: BackendFeature[] = [],
  config: JsonObject = {},
) {
  return startTestBackend({
    features: [
      prometheusFleetPlugin,
      actionsRegistryServiceFactory,
      catalog.factory,
      conditionalPermissions(),
      // Runs one poll during startup.
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      createServiceFactory({
        service: prometheusQueryClientServiceRef,
        deps: {},
        factory: () => new FakeGlobalClient(),
      }),
      mockServices.rootConfig.factory({
        data: {
          ...config,
          prometheusFleet: {
            queryEndpoints: [{ name: 'global-eu', url: 'http://fake:9090' }],
            thresholds: { lagWarning: '60s', lagCritical: '120s' },
            chart: { namespace: 'observability' },
          },
        },
      }),
      ...features,
    ],
  });
}

export { WRITE_URL };
