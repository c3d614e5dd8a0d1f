import path from 'node:path';
import {
  ANNOTATION_SERIES_BUDGET,
  ObservedProblem,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { BareSender, startBareSender } from '../rig/bareSender';
import { RIG_PROMETHEUS_MAJOR } from '../rig/binaries';
import { instantQuery, scrapedMetricSum, waitFor } from '../rig/prometheusApi';
import { Rig, startRig } from '../rig/startRig';
import { CountingClient } from './countingClient';
import { hasStatus, untilEdgeHealth } from './edgeHealth';
import { FleetBackend, startFleetBackend } from './fleetBackend';
import { RigPolling, rigPollingConfig } from './rigPolling';

/**
 * What the globals receive, beside what the catalog says they should: two
 * globals, each with its own query endpoint; on global-a an edge within
 * budget, one over its series budget, and a sender the fleet did not
 * configure (no queue metrics, an undeclared label); an edge assigned to
 * global-a whose agent writes to global-b.
 */

const SCRAPE_SECONDS = 1;
const polling: RigPolling = {
  cycleSeconds: 2,
  lagWarningSeconds: 30,
  silentAfterSeconds: 20,
  queueConfig: { batchSendDeadline: '1s', maxShards: 10 },
};
const GLOBAL_B_ENDPOINT = 'rig-global-b';
/** An agent's self-scrape alone gives a few hundred series. */
const SERIES_BUDGET = 100;
/** up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling, scrape_series_added. */
const SYNTHETIC_SERIES_PER_TARGET = 5;

const print = (line: string) =>
  process.stdout.write(`[what globals receive] ${line}\n`);

describe('what the globals receive', () => {
  let globalB: Rig;
  let rig: Rig;
  let bareSender: BareSender;
  let backend: FleetBackend;

  const until = (
    what: string,
    checks: Record<string, (health: QueueHealth) => boolean>,
  ) => untilEdgeHealth(backend, what, checks);
  const observedProblems = async (code: ObservedProblem['code']) => {
    const res = await backend.api.get('/api/prometheus-fleet/problems');
    return (res.body.items as ObservedProblem[]).filter(p => p.code === code);
  };
  const untilProblem = (code: ObservedProblem['code']) =>
    waitFor(
      `a ${code} problem`,
      async () => {
        const found = await observedProblems(code);
        return found.length ? found : undefined;
      },
      { timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    globalB = await startRig({
      globalName: 'global-b',
      queryEndpoint: GLOBAL_B_ENDPOINT,
      edges: [],
    });
    rig = await startRig({
      globalName: 'global-a',
      edges: [
        'edge-healthy',
        {
          name: 'edge-budgeted',
          annotations: { [ANNOTATION_SERIES_BUDGET]: String(SERIES_BUDGET) },
        },
        {
          name: 'edge-astray',
          writeTo: `${globalB.global.url}/api/v1/write`,
        },
      ],
      scrapeInterval: `${SCRAPE_SECONDS}s`,
      valuesOptions: { queueConfig: polling.queueConfig },
    });
    bareSender = await startBareSender({
      clusterLabel: 'alloy-lab',
      writeUrl: `${rig.global.url}/api/v1/write`,
      dir: path.join(rig.baseDir, 'alloy-lab'),
    });
    const config = rigPollingConfig(rig.global.url, polling);
    backend = await startFleetBackend({
      entities: [...rig.entities, ...globalB.entities],
      prometheusFleet: {
        ...config,
        queryEndpoints: [
          ...config.queryEndpoints,
          { name: GLOBAL_B_ENDPOINT, url: globalB.global.url, timeout: '2s' },
        ],
      },
      client: new CountingClient(new FetchPrometheusQueryClient()),
      scheduler: 'real',
    });
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await bareSender?.stop();
    await rig?.stopAll();
    await globalB?.stopAll();
  }, 60_000);

  it('reports an edge writing to another global than its own, and reads its health there', async () => {
    const [problem] = await untilProblem('misrouted-edge');
    expect(problem).toEqual({
      ref: 'resource:default/edge-astray',
      code: 'misrouted-edge',
      message: expect.stringContaining(
        'arrive at global resource:default/global-b, while the catalog assigns this edge to global resource:default/global-a',
      ),
      severity: 'warning',
    });
    const health = (
      await until('edge-astray read from global-b', {
        'edge-astray': read =>
          read.reasons[0]?.code === 'misrouted' && read.lagSeconds !== null,
      })
    ).get('edge-astray')!;
    expect(health.status).toBe('warning');
    expect(health.reasons).toEqual([
      {
        code: 'misrouted',
        message:
          'its series arrive at resource:default/global-b, not at its own global resource:default/global-a: read from there',
      },
    ]);
    expect(health.lagSeconds).toBeLessThan(polling.lagWarningSeconds);
    expect(health.receiver?.targetsUp).toBe(2);
    // Negative control: global-a holds nothing from it.
    expect(
      await instantQuery(rig.global.url, 'count({cluster="edge-astray"})'),
    ).toEqual([]);
    print(`edge-astray ${health.status}: ${problem.message}`);
  }, 60_000);

  it('reports a sender without queue metrics under an undeclared label as an orphan', async () => {
    const orphans = await untilProblem('orphan-cluster');
    expect(orphans).toEqual([
      expect.objectContaining({
        ref: 'resource:default/global-a',
        message: expect.stringContaining('cluster="alloy-lab"'),
      }),
    ]);
    // Only its scrapes arrive: the queue-metric queries cannot see it.
    expect(
      await instantQuery(
        rig.global.url,
        'count({cluster="alloy-lab", __name__=~"prometheus_remote_storage_.+"})',
      ),
    ).toEqual([]);
    print(orphans[0].message);
  }, 60_000);

  it("shows what the global holds of an edge's scrapes as its agent scrapes them", async () => {
    const agent = rig.edges.find(edge => edge.name === 'edge-healthy')!;
    const { receiver, observedAt } = (
      await until('edge-healthy healthy', {
        'edge-healthy': hasStatus('healthy'),
      })
    ).get('edge-healthy')!;
    const targets = await fetch(`${agent.url}/api/v1/targets`).then(
      res =>
        res.json() as Promise<{
          data: { activeTargets: Array<{ health: string }> };
        }>,
    );
    const agentSeries = await scrapedMetricSum(
      agent.url,
      'prometheus_agent_active_series',
    );

    const active = targets.data.activeTargets;
    expect(receiver!.targetsUp).toBe(
      active.filter(target => target.health === 'up').length,
    );
    expect(receiver!.targetsDown).toBe(0);
    expect(receiver!.targetsUp).toBe(2);
    // The agent's series: what its scrapes give after relabelling, and the
    // synthetic series of each target, within what one scrape changes.
    const expected = agentSeries! - SYNTHETIC_SERIES_PER_TARGET * active.length;
    expect(Math.abs(receiver!.seriesPerScrape! - expected)).toBeLessThanOrEqual(
      expected * 0.05,
    );
    const newestAgeMs =
      Date.parse(observedAt) - Date.parse(receiver!.newestSampleAt!);
    // A scrape, a batch send deadline, and one second of slack.
    expect(newestAgeMs).toBeLessThan((SCRAPE_SECONDS + 2) * 1000);
    print(
      `edge-healthy at its global: ${receiver!.targetsUp} targets up, ${
        receiver!.seriesPerScrape
      } series per scrape (agent: ${agentSeries} active series), newest scrape ${newestAgeMs} ms old when polled`,
    );
  }, 60_000);

  it('turns an edge over its series budget warning', async () => {
    const health = (
      await until('edge-budgeted warning', {
        'edge-budgeted': hasStatus('warning'),
      })
    ).get('edge-budgeted')!;
    expect(health.reasons).toEqual([
      {
        code: 'series-over-budget',
        message: expect.stringMatching(
          new RegExp(
            `^\\d+ series per scrape, over its budget of ${SERIES_BUDGET}$`,
          ),
        ),
      },
    ]);
    expect(health.receiver!.seriesPerScrape).toBeGreaterThan(SERIES_BUDGET);
    print(
      `edge-budgeted on Prometheus ${RIG_PROMETHEUS_MAJOR}: ${health.reasons[0].message}`,
    );
  }, 60_000);
});
