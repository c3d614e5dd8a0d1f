import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Notification } from '@backstage/plugin-notifications-common';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { waitFor } from '../rig/prometheusApi';
import { Rig, startRig } from '../rig/startRig';
import { CountingClient } from './countingClient';
import { hasStatus, untilEdgeHealth } from './edgeHealth';
import { FleetBackend, startFleetBackend } from './fleetBackend';
import { RigPolling, rigPollingConfig } from './rigPolling';

/**
 * A real edge agent stops writing to its real global: the owner of the edge
 * (a group, whose member reads the notifications) gets one notification in
 * the real notifications backend, and one when the edge is back.
 */

const MIN_DURATION_SECONDS = 4;
const polling: RigPolling = {
  cycleSeconds: 2,
  lagWarningSeconds: 30,
  silentAfterSeconds: 10,
  queueConfig: { batchSendDeadline: '1s', maxShards: 10 },
};
const ALICE = 'user:default/alice';

/** The rig's clusters are owned by group:default/platform; alice is its member. */
const ORG: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: ALICE }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['group:default/platform'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/platform' }],
  },
];

const print = (line: string) =>
  process.stdout.write(`[owner notifications] ${line}\n`);

describe('owner notifications of a real stopped edge', () => {
  let rig: Rig;
  let backend: FleetBackend;

  beforeAll(async () => {
    rig = await startRig({
      edges: ['edge-a', 'edge-b'],
      scrapeInterval: '1s',
      valuesOptions: { queueConfig: polling.queueConfig },
    });
    backend = await startFleetBackend({
      entities: [...rig.entities, ...ORG],
      prometheusFleet: {
        ...rigPollingConfig(rig.global.url, polling),
        notifications: {
          enabled: true,
          minDuration: `${MIN_DURATION_SECONDS}s`,
        },
      },
      client: new CountingClient(new FetchPrometheusQueryClient()),
      scheduler: 'real',
      config: { app: { baseUrl: 'http://localhost:3000' } },
      features: [notificationsPlugin, signalsPlugin],
    });
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await rig?.stopAll();
  }, 90_000);

  const alicesNotifications = async (): Promise<Notification[]> => {
    const response = await backend.api
      .get('/api/notifications/notifications')
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(response.status).toBe(200);
    return response.body.notifications;
  };
  const titles = async () =>
    (await alicesNotifications()).map(n => n.payload.title).sort();
  const untilTitles = (count: number) =>
    waitFor(
      `${count} notifications for alice`,
      async () => {
        const seen = await titles();
        return seen.length >= count ? seen : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  /** Long enough for a second notification to arrive, were one sent. */
  const quietCycles = () =>
    new Promise(resolve =>
      setTimeout(
        resolve,
        (MIN_DURATION_SECONDS + 3 * polling.cycleSeconds) * 1000,
      ),
    );

  it('tells the owner once when an edge stops, and once when it is back', async () => {
    await untilEdgeHealth(backend, 'both edges healthy', {
      'edge-a': hasStatus('healthy'),
      'edge-b': hasStatus('healthy'),
    });
    await expect(titles()).resolves.toEqual([]);

    const edgeA = rig.edges[0];
    const stoppedAt = Date.now();
    await edgeA.stop();
    try {
      expect(await untilTitles(1)).toEqual(['edge-a is silent']);
      print(
        `silent notification ${((Date.now() - stoppedAt) / 1000).toFixed(
          1,
        )} s after the stop (silentAfter ${
          polling.silentAfterSeconds
        } s, minDuration ${MIN_DURATION_SECONDS} s, cycle ${
          polling.cycleSeconds
        } s)`,
      );
      const [silent] = await alicesNotifications();
      expect(silent.payload).toMatchObject({
        link: '/catalog/default/resource/edge-a/monitoring',
        severity: 'critical',
        topic: 'prometheus-fleet',
        description: expect.stringContaining('no sample'),
      });
      await quietCycles();
      expect(await titles()).toEqual(['edge-a is silent']);
    } finally {
      await edgeA.start();
    }

    const restartedAt = Date.now();
    expect(await untilTitles(2)).toEqual([
      'edge-a is silent',
      'edge-a recovered: healthy, no longer silent',
    ]);
    print(
      `recovery notification ${((Date.now() - restartedAt) / 1000).toFixed(
        1,
      )} s after the restart`,
    );
    await quietCycles();
    expect(await titles()).toHaveLength(2);
  }, 180_000);
});
