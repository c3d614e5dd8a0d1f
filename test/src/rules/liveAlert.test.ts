import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
  fleetLookup,
  generateValues,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import { stringify } from 'yaml';
import { prometheusBinaries, prometheusVersion } from '../rig/binaries';
import { freeLoopbackPort } from '../rig/httpServer';
import { instantQuery, waitFor } from '../rig/prometheusApi';
import { PrometheusProcess } from '../rig/prometheusProcess';
import { ruleGroupsOf, writeRulesFile } from './ruleFiles';

const { prometheus: PROMETHEUS_3 } = prometheusBinaries(3);
/** Short enough to finish in well under a minute: the silent alert waits silentAfter, then a fifth of it. */
const SILENT_AFTER_SECONDS = 5;
/** The onboarding grace of the never-reporting edge, as short: it fires once the grace is over. */
const GRACE_SECONDS = 5;
const OWNER = 'group:default/platform';

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

function entity(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner: OWNER },
  };
}

async function firingSilent(globalUrl: string): Promise<string[]> {
  const response = await fetch(`${globalUrl}/api/v1/alerts`);
  const { data } = (await response.json()) as { data: { alerts: Alert[] } };
  return data.alerts
    .filter(
      alert =>
        alert.state === 'firing' &&
        alert.labels.alertname === 'PrometheusFleetEdgeSilent',
    )
    .map(alert => alert.labels.cluster)
    .sort();
}

describe('PrometheusFleetEdgeSilent on a live Prometheus 3 global', () => {
  let dir: string;
  let global: PrometheusProcess;
  let edge: PrometheusProcess;

  beforeAll(async () => {
    await prometheusVersion(PROMETHEUS_3, 3);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fleet-live-alert-'));
    const [globalPort, edgePort] = [
      await freeLoopbackPort(),
      await freeLoopbackPort(),
    ];
    const writeUrl = `http://127.0.0.1:${globalPort}/api/v1/write`;

    const fleet = resolveFleet([
      entity('global-eu', {
        [ANNOTATION_ROLE]: 'global',
        [ANNOTATION_REMOTE_WRITE_URL]: writeUrl,
      }),
      entity('edge-live', { [ANNOTATION_ROLE]: 'edge' }),
      entity('edge-never', { [ANNOTATION_ROLE]: 'edge' }),
    ]);
    const globalCluster = fleet.clusters.find(c => c.name === 'global-eu')!;
    const generated = generateValues(globalCluster, fleetLookup(fleet), {
      thresholds: { silentAfter: SILENT_AFTER_SECONDS },
      onboarding: { gracePeriod: GRACE_SECONDS },
    });

    const globalDir = path.join(dir, 'global');
    await fs.mkdir(globalDir);
    await writeRulesFile(globalDir, ruleGroupsOf(generated));
    await fs.writeFile(
      path.join(globalDir, 'prometheus.yml'),
      stringify({
        global: { evaluation_interval: '1s' },
        rule_files: ['fleet-rules.yaml'],
      }),
    );
    global = new PrometheusProcess({
      name: 'global-eu',
      dir: globalDir,
      port: globalPort,
      agentMode: false,
      flags: ['--web.enable-remote-write-receiver'],
      binary: PROMETHEUS_3,
    });

    // The agent as its values make it: its own metrics scraped, every
    // series labelled with its cluster, written to the global's queue.
    const edgeDir = path.join(dir, 'edge-live');
    await fs.mkdir(edgeDir);
    await fs.writeFile(
      path.join(edgeDir, 'prometheus.yml'),
      stringify({
        global: {
          scrape_interval: '1s',
          external_labels: { cluster: 'edge-live' },
        },
        scrape_configs: [
          {
            job_name: 'prometheus-agent',
            static_configs: [{ targets: [`127.0.0.1:${edgePort}`] }],
          },
        ],
        remote_write: [
          {
            name: 'fleet-global-eu',
            url: writeUrl,
            queue_config: { batch_send_deadline: '1s' },
          },
        ],
      }),
    );
    edge = new PrometheusProcess({
      name: 'edge-live',
      dir: edgeDir,
      port: edgePort,
      agentMode: true,
      flags: ['--agent'],
      binary: PROMETHEUS_3,
    });
    await global.start();
    await edge.start();
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
    await global?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('fires for a catalog edge that never reported, not for one that writes, and for that one once it stops', async () => {
    await waitFor('edge-live to report at the global', async () => {
      const samples = await instantQuery(
        global.url,
        'prometheus_fleet:edge_last_report_timestamp_seconds{cluster="edge-live"}',
      );
      return samples.length > 0 ? samples : undefined;
    });
    // A just-started agent may first report a highest timestamp of 0,
    // which reads silent until its next scrape arrives.
    await waitFor('only the never-reporting edge to be silent', async () => {
      const silent = await firingSilent(global.url);
      return silent.join() === 'edge-never' ? silent : undefined;
    });

    const stoppedAt = Date.now();
    await edge.stop();
    await waitFor(
      'edge-live to be silent',
      async () =>
        (await firingSilent(global.url)).includes('edge-live')
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
    const detectedAfter = (Date.now() - stoppedAt) / 1000;
    // eslint-disable-next-line no-console
    console.log(
      `PrometheusFleetEdgeSilent fired ${detectedAfter.toFixed(
        1,
      )} s after edge-live stopped (silentAfter ${SILENT_AFTER_SECONDS} s)`,
    );
    expect(detectedAfter).toBeGreaterThanOrEqual(SILENT_AFTER_SECONDS - 1);
    expect(await firingSilent(global.url)).toEqual(['edge-live', 'edge-never']);
  }, 60_000);
});
