import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { buildQueueHealthQueries } from 'backstage-plugin-prometheus-fleet-common';
import {
  InstantQueryRequest,
  PrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import { POLL_TASK_ID, prometheusFleetPlugin } from './plugin';
import {
  edgeEntity,
  globalEntity,
  WRITE_URL,
} from './__testUtils__/clusterEntities';
import { queueHealthBodies } from './__testUtils__/queueHealthResponses';

/** A global whose edge-eu-1 writes, or has been silent for 15 minutes. */
class SwitchableGlobal implements PrometheusQueryClient {
  silent = false;
  readonly #ids = new Map(buildQueueHealthQueries().map(q => [q.promql, q.id]));

  async instantQuery(_endpoint: unknown, req: InstantQueryRequest) {
    const at = req.time.getTime() / 1000;
    const bodies = queueHealthBodies({
      at,
      queues: [
        { cluster: 'edge-eu-1', remoteName: 'fleet-global-eu', url: WRITE_URL },
      ],
      lastSeen: {
        'global-eu': at,
        'edge-eu-1': this.silent ? at - 900 : at - 2,
      },
    });
    return bodies[this.#ids.get(req.promql)!] as any;
  }
}

async function startWithNotifications(notifications: object) {
  const client = new SwitchableGlobal();
  const send = jest.fn().mockResolvedValue(undefined);
  let scheduler: SchedulerService | undefined;
  await startTestBackend({
    features: [
      prometheusFleetPlugin,
      catalogServiceMock.factory({
        entities: [
          globalEntity('global-eu', 'global-eu'),
          edgeEntity('edge-eu-1', 'global-eu'),
        ],
      }),
      mockServices.scheduler.factory(),
      createBackendModule({
        pluginId: 'prometheus-fleet',
        moduleId: 'test-scheduler',
        register(env) {
          env.registerInit({
            deps: { pluginScheduler: coreServices.scheduler },
            async init({ pluginScheduler }) {
              scheduler = pluginScheduler;
            },
          });
        },
      }),
      createServiceFactory({
        service: prometheusQueryClientServiceRef,
        deps: {},
        factory: () => client,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
      mockServices.rootConfig.factory({
        data: {
          prometheusFleet: {
            queryEndpoints: [{ name: 'global-eu', url: 'http://fake:9090' }],
            notifications,
          },
        },
      }),
    ],
  });
  return {
    client,
    send,
    poll: () => scheduler!.triggerTask(POLL_TASK_ID),
  };
}

const titles = (send: jest.Mock) =>
  send.mock.calls.map(([options]) => options.payload.title);

describe('prometheusFleetPlugin notifications', () => {
  it('tells the edge’s owner through the notifications service once it has been silent for minDuration, and when it recovers', async () => {
    const { client, send, poll } = await startWithNotifications({
      enabled: true,
      minDuration: '1s',
    });
    await poll();
    client.silent = true;
    await poll();
    expect(send).not.toHaveBeenCalled();
    await new Promise(resolve => setTimeout(resolve, 1_100));
    await poll();
    await poll();
    expect(titles(send)).toEqual(['edge-eu-1 is silent']);
    expect(send.mock.calls[0][0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/platform',
    });

    client.silent = false;
    await poll();
    await new Promise(resolve => setTimeout(resolve, 1_100));
    await poll();
    expect(titles(send)).toEqual([
      'edge-eu-1 is silent',
      'edge-eu-1 recovered: healthy, no longer silent',
    ]);
  });

  it('sends nothing unless enabled', async () => {
    const { client, send, poll } = await startWithNotifications({
      minDuration: '1s',
    });
    await poll();
    client.silent = true;
    await poll();
    await new Promise(resolve => setTimeout(resolve, 1_100));
    await poll();
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a status that cannot notify, naming the key', async () => {
    await expect(
      startWithNotifications({ enabled: true, statuses: ['unknown'] }),
    ).rejects.toThrow(
      "Invalid config at 'prometheusFleet.notifications.statuses': unknown cannot notify; use any of critical, silent, warning",
    );
  });
});
