import { QueueHealth } from 'backstage-plugin-prometheus-fleet-common';
import { Rig, RIG_QUERY_ENDPOINT } from '../rig/startRig';
import { CountingClient } from './countingClient';
import { FleetBackend, startFleetBackend } from './fleetBackend';

/** How a queue-health suite polls the rig's global, and the thresholds it judges by. */
export interface RigPolling {
  cycleSeconds: number;
  lagWarningSeconds: number;
  silentAfterSeconds: number;
  /** The fleet-wide queue config the rig's edges run. */
  queueConfig: { batchSendDeadline: string; maxShards: number };
}

/** `prometheusFleet` config polling the rig's global, whose query API is at `globalUrl`. */
export function rigPollingConfig(globalUrl: string, polling: RigPolling) {
  return {
    queryEndpoints: [
      { name: RIG_QUERY_ENDPOINT, url: globalUrl, timeout: '2s' },
    ],
    schedule: {
      frequency: { seconds: polling.cycleSeconds },
      timeout: { seconds: 10 },
      initialDelay: { seconds: 1 },
    },
    thresholds: {
      lagWarning: `${polling.lagWarningSeconds}s`,
      lagCritical: '60s',
      silentAfter: `${polling.silentAfterSeconds}s`,
    },
    // Retries during an outage leave the rates within 30 s instead of 5 min.
    queries: { window: '30s', lastSeenWindow: '10m' },
    remoteWrite: { queueConfig: polling.queueConfig },
  };
}

/** The backend plugin, on its own scheduler, polling the rig's fleet through `client`. */
export function startRigBackend(
  rig: Rig,
  polling: RigPolling,
  client: CountingClient,
): Promise<FleetBackend> {
  return startFleetBackend({
    entities: rig.entities,
    prometheusFleet: rigPollingConfig(rig.global.url, polling),
    client,
    scheduler: 'real',
  });
}

/** Milliseconds from an edge's newest sample to the poll that saw it. */
export const lastSeenAgeMs = (health: QueueHealth) =>
  Date.parse(health.observedAt) - Date.parse(health.lastSeen!);

/** No reason, a sane lag, the configured max shards and a sample within silentAfter. */
export function expectHealthyEdges(
  healths: Map<string, QueueHealth>,
  polling: RigPolling,
) {
  for (const [name, health] of healths) {
    expect([name, health.reasons]).toEqual([name, []]);
    expect(health.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(health.lagSeconds).toBeLessThan(polling.lagWarningSeconds);
    expect(health.shards.max).toBe(polling.queueConfig.maxShards);
    expect(lastSeenAgeMs(health)).toBeLessThan(
      polling.silentAfterSeconds * 1000,
    );
  }
}

/**
 * An edge stopped at `stoppedAt` reads silent for want of samples, within
 * silentAfter and two cycles. Returns a line for the test log.
 */
export function expectSilentInTime(
  silent: QueueHealth,
  stoppedAt: number,
  polling: RigPolling,
): string {
  const detectionMs = Date.parse(silent.observedAt) - stoppedAt;
  expect(silent.reasons[0]).toEqual({
    code: 'no-sample',
    message: expect.stringMatching(/^no sample for \d+(\.\d)? s$/),
  });
  expect(detectionMs).toBeLessThanOrEqual(
    (polling.silentAfterSeconds + 2 * polling.cycleSeconds) * 1000,
  );
  return `stopped edge detected as silent after ${(detectionMs / 1000).toFixed(
    1,
  )} s (silentAfter ${polling.silentAfterSeconds} s, cycle ${
    polling.cycleSeconds
  } s): ${silent.reasons[0].message}`;
}
