import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { ClusterView } from 'backstage-plugin-prometheus-fleet-common';
import { ReactElement, cloneElement } from 'react';
import { PrometheusFleetApi, prometheusFleetApiRef } from '../../api';
import {
  EDGE_REF,
  GLOBAL_REF,
  clusterEntity,
  edgeCluster,
  globalCluster,
  healthResponse,
  mockFleetApi,
  queueHealth,
  responseError,
} from '../../testUtils/fixtures';
import { HEALTH_REASON_FIXES } from '../shared/healthReasonFixes';
import { EntityPrometheusFleetContent } from './EntityPrometheusFleetContent';
import { HEALTH_REFRESH_MS } from './useLiveHealth';

// jsdom has no layout: give the chart the size a browser would.
jest.mock('recharts', () => {
  const recharts = jest.requireActual('recharts');
  return {
    ...recharts,
    ResponsiveContainer: (props: { children: ReactElement }) =>
      cloneElement(props.children, { width: 800, height: 280 }),
  };
});

let api: jest.Mocked<PrometheusFleetApi>;

beforeEach(() => {
  api = mockFleetApi();
});

function renderTab(cluster: ClusterView | Error, role = 'edge') {
  if (cluster instanceof Error) {
    api.getCluster.mockRejectedValue(cluster);
  } else {
    api.getCluster.mockResolvedValue(cluster);
  }
  return renderInTestApp(
    <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
      <EntityProvider entity={clusterEntity('edge-eu-1', role)}>
        <EntityPrometheusFleetContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityPrometheusFleetContent', () => {
  it('shows progress while the cluster loads', async () => {
    api.getCluster.mockReturnValue(new Promise(() => {}));
    await renderInTestApp(
      <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
        <EntityProvider entity={clusterEntity('edge-eu-1', 'edge')}>
          <EntityPrometheusFleetContent />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getCluster).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'edge-eu-1',
    });
  });

  it('shows the error when the backend fails', async () => {
    await renderTab(new Error('backend exploded'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'backend exploded',
    );
  });

  it('explains why an entity is not in the fleet, with the fix', async () => {
    api.listProblems.mockResolvedValue([
      {
        ref: EDGE_REF,
        code: 'unknown-role',
        message:
          'Annotation prometheus-fleet.io/role is "edgy"; use global or edge.',
        severity: 'error',
      },
      {
        ref: 'resource:default/other',
        code: 'unknown-role',
        message: 'Someone else is broken.',
        severity: 'error',
      },
    ]);

    await renderTab(await responseError(404, 'not found'), 'edgy');

    expect(
      await screen.findByText(/This cluster is not in the Prometheus fleet$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/is "edgy"; use global or edge/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/How to fix: Set prometheus-fleet.io\/role/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Someone else is broken.'),
    ).not.toBeInTheDocument();
  });

  it('says the backend has not taken the cluster in when no problem explains it', async () => {
    await renderTab(await responseError(404, 'not found'));

    expect(
      await screen.findByText(
        'This cluster is not in the Prometheus fleet yet',
      ),
    ).toBeInTheDocument();
  });

  it('checks again by itself, less often each time, and shows the tab once the fleet lists the cluster', async () => {
    jest.useFakeTimers();
    try {
      const notYet = await responseError(404, 'not found');
      await renderTab(notYet);
      expect(
        await screen.findByText(
          'This cluster is not in the Prometheus fleet yet',
        ),
      ).toBeInTheDocument();
      expect(await screen.findByRole('status')).toHaveTextContent(
        'Checking again in 2 s.',
      );

      await act(() => jest.advanceTimersByTimeAsync(2_000));
      expect(await screen.findByRole('status')).toHaveTextContent(
        'Checking again in 3 s.',
      );
      expect(api.getCluster).toHaveBeenCalledTimes(3);

      api.getCluster.mockResolvedValue(edgeCluster());
      await act(() => jest.advanceTimersByTimeAsync(3_000));
      expect(await screen.findByText('Prometheus fleet')).toBeInTheDocument();
      expect(
        screen.queryByText('This cluster is not in the Prometheus fleet yet'),
      ).not.toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  describe('an edge', () => {
    it('shows its place in the fleet and its problems with fixes', async () => {
      await renderTab(
        edgeCluster({
          problems: [
            {
              code: 'misplaced-annotation',
              message:
                'prometheus-fleet.io/query-endpoint only applies to globals.',
              severity: 'warning',
            },
          ],
        }),
      );

      expect(
        await screen.findByText(/Edge: a Prometheus agent/),
      ).toBeInTheDocument();
      expect(screen.getByText('cluster="edge-eu-1"')).toBeInTheDocument();
      expect(screen.getByRole('link', { name: /global-eu/ })).toHaveAttribute(
        'href',
        '/catalog/default/resource/global-eu',
      );
      expect(
        screen.getByRole('link', { name: /platform/ }),
      ).toBeInTheDocument();
      expect(screen.getByText(/only applies to globals/)).toBeInTheDocument();
      expect(
        screen.getByText(/How to fix: Remove the annotation/),
      ).toBeInTheDocument();
    });

    it('shows healthy queue numbers', async () => {
      const health = queueHealth({
        lagSeconds: 12,
        pendingSamples: 1500,
        failedRate: 0,
        retriedRate: 0.25,
        droppedRate: null,
        shards: { current: 3, desired: 4, max: 10 },
      });
      await renderTab(edgeCluster({ health }));

      expect(await screen.findByText('healthy')).toBeInTheDocument();
      expect(screen.getByText('12 s')).toBeInTheDocument();
      expect(screen.getByText('3 / 4 / 10')).toBeInTheDocument();
      expect(screen.getByText('1,500')).toBeInTheDocument();
      expect(screen.getByText('0.25/s')).toBeInTheDocument();
      // lastSeen is 30 s before the fixture was built; a slow run adds a few.
      expect(screen.getByTitle(health.lastSeen!)).toHaveTextContent(
        /^(\d+ seconds|1 minute) ago$/,
      );
      expect(screen.queryByText(/suggested maxShards/)).not.toBeInTheDocument();
    });

    it("shows what the global holds of the edge's scrapes beside the queue", async () => {
      const observedAt = '2026-01-10T12:00:00.000Z';
      await renderTab(
        edgeCluster({
          health: queueHealth({
            observedAt,
            receiver: {
              targetsUp: 7,
              targetsDown: 2,
              seriesPerScrape: 48_210,
              newestSampleAt: '2026-01-10T11:59:57.000Z',
            },
          }),
        }),
      );

      expect(
        await screen.findByText('Targets at the global (up / down)'),
      ).toBeInTheDocument();
      expect(screen.getByText('7 / 2')).toBeInTheDocument();
      expect(screen.getByText('48,210')).toBeInTheDocument();
      expect(screen.getByTitle('2026-01-10T11:59:57.000Z')).toHaveTextContent(
        '3 s',
      );
    });

    it('shows no receiver figures for a health polled without them', async () => {
      await renderTab(edgeCluster({ health: queueHealth() }));

      expect(await screen.findByText('healthy')).toBeInTheDocument();
      expect(screen.queryByText('Series per scrape')).not.toBeInTheDocument();
    });

    it('suggests maxShards when Prometheus wants more shards than it may run', async () => {
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'warning',
            reasons: [
              {
                code: 'desired-shards-over-max',
                message: 'desired shards 40 > max 20: raise maxShards to 52',
              },
            ],
            shards: { current: 20, desired: 40, max: 20 },
          }),
        }),
      );

      expect(await screen.findByText('warning')).toBeInTheDocument();
      expect(
        screen.getByText('desired shards 40 > max 20: raise maxShards to 52'),
      ).toBeInTheDocument();
      // The backend's suggestion, from the same function.
      expect(screen.getByText(/suggested maxShards: 52/)).toBeInTheDocument();
      expect(
        screen.getByText('prometheus-fleet.io/max-shards: "52"'),
      ).toBeInTheDocument();
    });

    it('shows critical reasons', async () => {
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'critical',
            reasons: [
              {
                code: 'lag-over-critical',
                message: 'lag 300 s (5 min) over 120 s',
              },
              { code: 'samples-failed', message: '3 % of samples failed' },
            ],
            lagSeconds: 300,
          }),
        }),
      );

      expect(await screen.findByText('critical')).toBeInTheDocument();
      const reasons = screen.getByRole('list', { name: 'Reasons' });
      expect(
        within(reasons).getByText('lag 300 s (5 min) over 120 s'),
      ).toBeInTheDocument();
      expect(
        within(reasons).getByText('3 % of samples failed'),
      ).toBeInTheDocument();
      expect(screen.getByText('5 min')).toBeInTheDocument();
    });

    it('shows how to fix each reason, once per code', async () => {
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'critical',
            reasons: [
              {
                code: 'lag-over-critical',
                message: 'vendor: lag 612 s (10 min) over 120 s',
              },
              {
                code: 'lag-over-critical',
                message: 'fleet-global-eu: lag 130 s over 120 s',
              },
              { code: 'samples-failed', message: '3 % of samples failed' },
            ],
          }),
        }),
      );

      const reasons = await screen.findByRole('list', { name: 'Reasons' });
      const items = within(reasons).getAllByRole('listitem');
      expect(items.map(item => item.textContent)).toEqual([
        `vendor: lag 612 s (10 min) over 120 sHow to fix: ${HEALTH_REASON_FIXES['lag-over-critical']}`,
        'fleet-global-eu: lag 130 s over 120 s',
        `3 % of samples failedHow to fix: ${HEALTH_REASON_FIXES['samples-failed']}`,
      ]);
    });

    it('explains a silent edge', async () => {
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'silent',
            reasons: [{ code: 'no-sample', message: 'no sample for 12 min' }],
            lastSeen: new Date(Date.now() - 12 * 60_000).toISOString(),
          }),
        }),
      );

      expect(await screen.findByText('silent')).toBeInTheDocument();
      expect(
        screen.getByRole('button', {
          name: /The global receives nothing from this edge$/,
        }),
      ).toHaveAttribute('aria-expanded', 'true');
      expect(screen.getByText('12 minutes ago')).toBeInTheDocument();
    });

    it('shows an edge awaiting its first data as neutral, with the install step', async () => {
      const message =
        'joined the fleet 2 h ago (2026-01-10T10:00:00.000Z), awaiting its agent: no sample from this cluster at its global yet; silent if none arrives within 24 h of joining';
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'pending',
            reasons: [{ code: 'awaiting-first-data', message }],
            lagSeconds: null,
            shards: { current: null, desired: null, max: null },
            pendingSamples: null,
            lastSeen: null,
          }),
        }),
      );

      expect(
        await screen.findByText('Awaiting first data'),
      ).toBeInTheDocument();
      expect(screen.getByText(message)).toBeInTheDocument();
      expect(
        screen.getByText(
          `How to fix: ${HEALTH_REASON_FIXES['awaiting-first-data']}`,
        ),
      ).toBeInTheDocument();
      expect(HEALTH_REASON_FIXES['awaiting-first-data']).toContain(
        'helm repo add prometheus-community https://prometheus-community.github.io/helm-charts',
      );
      const advice = screen.getByRole('button', {
        name: /Awaiting this edge's first data$/,
      });
      expect(advice).toHaveAttribute('aria-expanded', 'true');
      // Not the red panel of a silent edge.
      expect(
        screen.queryByText(/The global receives nothing from this edge/),
      ).not.toBeInTheDocument();
      // The values and the commands it points to are on the tab, once.
      expect(await screen.findByText('Onboarding values')).toBeInTheDocument();
      expect(
        screen.getAllByText(/^helm repo add prometheus-community /),
      ).toHaveLength(1);
    });

    it('follows the backend by itself: an edge awaiting its first data turns healthy without a reload', async () => {
      jest.useFakeTimers();
      try {
        const pending = queueHealth({
          status: 'pending',
          reasons: [
            { code: 'awaiting-first-data', message: 'awaiting its agent' },
          ],
          lastSeen: null,
        });
        api.getHealth.mockResolvedValue(healthResponse({ latest: pending }));
        await renderTab(edgeCluster({ health: pending }));
        expect(
          await screen.findByText('Awaiting first data'),
        ).toBeInTheDocument();

        api.getHealth.mockResolvedValue(
          healthResponse({ latest: queueHealth({ status: 'healthy' }) }),
        );
        await act(() => jest.advanceTimersByTimeAsync(HEALTH_REFRESH_MS - 1));
        expect(screen.getByText('Awaiting first data')).toBeInTheDocument();
        await act(() => jest.advanceTimersByTimeAsync(1));
        expect(await screen.findByText('healthy')).toBeInTheDocument();
        expect(
          screen.queryByText('Awaiting first data'),
        ).not.toBeInTheDocument();
        // The refresh did not take the chart away while it asked.
        expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
        expect(api.getCluster).toHaveBeenCalledTimes(1);
      } finally {
        jest.useRealTimers();
      }
    });

    it('says what to do when its global is not configured', async () => {
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'unknown',
            reasons: [
              {
                code: 'global-not-configured',
                message: `global not configured: ${GLOBAL_REF} names no usable query endpoint.`,
              },
            ],
            lagSeconds: null,
          }),
        }),
      );

      expect(
        await screen.findByRole('button', {
          name: /The global is not configured for polling$/,
        }),
      ).toHaveAttribute('aria-expanded', 'true');
      expect(
        screen.getByText(
          /Set prometheus-fleet.io\/query-endpoint on that global/,
        ),
      ).toBeInTheDocument();
    });

    it('says to fix its problems when it has no global to be polled from', async () => {
      await renderTab(
        edgeCluster({
          global: undefined,
          health: queueHealth({
            status: 'unknown',
            reasons: [
              {
                code: 'global-not-configured',
                message:
                  'global not configured: the edge has no global to poll its queues from; fix its fleet problems (ambiguous-global).',
              },
            ],
          }),
        }),
      );

      expect(
        await screen.findByText(
          /this edge has none yet: fix the problems above/,
        ),
      ).toBeInTheDocument();
    });

    it('says when the global cannot be reached', async () => {
      await renderTab(
        edgeCluster({
          health: queueHealth({
            status: 'unknown',
            reasons: [
              {
                code: 'global-unreachable',
                message: `global ${GLOBAL_REF} not reachable: query endpoint "global-eu" failed (timestamps query: no answer within 10 s); the next poll retries.`,
              },
            ],
          }),
        }),
      );

      expect(
        await screen.findByText(/Queue health is unknown$/),
      ).toBeInTheDocument();
    });

    it('says when there is no health yet', async () => {
      await renderTab(edgeCluster({ health: undefined }));

      expect(
        await screen.findByText('No queue health yet'),
      ).toBeInTheDocument();
    });

    it('prefers the latest health of the health endpoint', async () => {
      api.getHealth.mockResolvedValue(
        healthResponse({
          latest: queueHealth({
            status: 'critical',
            reasons: [{ code: 'samples-failed', message: 'fresh' }],
          }),
        }),
      );

      await renderTab(
        edgeCluster({ health: queueHealth({ status: 'healthy' }) }),
      );

      expect(await screen.findByText('critical')).toBeInTheDocument();
      expect(screen.queryByText('healthy')).not.toBeInTheDocument();
    });
  });

  describe('lag history', () => {
    function historyPoint(minutesAgo: number, lagSeconds: number) {
      return queueHealth({
        lagSeconds,
        observedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      });
    }

    it('asks for the last hour and draws the default thresholds', async () => {
      api.getHealth.mockResolvedValue(
        healthResponse({
          history: [
            historyPoint(30, 10),
            historyPoint(20, 80),
            historyPoint(10, 20),
          ],
        }),
      );

      await renderTab(edgeCluster());

      expect(await screen.findByText('warning 1 min')).toBeInTheDocument();
      expect(screen.getByText('critical 2 min')).toBeInTheDocument();
      const [key, window] = api.getHealth.mock.calls[0];
      expect(key).toEqual({ namespace: 'default', name: 'edge-eu-1' });
      expect(window.to.getTime() - window.from.getTime()).toBe(3_600_000);
    });

    it('draws the thresholds the backend classified with', async () => {
      api.getHealth.mockResolvedValue(
        healthResponse({
          history: [historyPoint(10, 20)],
          thresholds: { lagWarning: 30, lagCritical: 90, silentAfter: 300 },
        }),
      );

      await renderTab(edgeCluster());

      expect(await screen.findByText('warning 30 s')).toBeInTheDocument();
      expect(screen.getByText('critical 1 min 30 s')).toBeInTheDocument();
    });

    it('loads another window when one is chosen', async () => {
      await renderTab(edgeCluster());
      expect(
        await screen.findByText('No samples in the last hour.'),
      ).toBeInTheDocument();

      fireEvent.click(screen.getByRole('button', { name: '7 d' }));

      expect(
        await screen.findByText('No samples in the last 7 days.'),
      ).toBeInTheDocument();
      const [, window] =
        api.getHealth.mock.calls[api.getHealth.mock.calls.length - 1];
      expect(window.to.getTime() - window.from.getTime()).toBe(7 * 86_400_000);
    });

    it('says when the backend keeps no history yet', async () => {
      api.getHealth.mockRejectedValue(await responseError(404, 'not found'));

      await renderTab(edgeCluster());

      expect(
        await screen.findByText(/The backend keeps no health history/),
      ).toBeInTheDocument();
      expect(screen.getByText('healthy')).toBeInTheDocument();
    });
  });

  describe('values', () => {
    it('shows the tenant the catalog gives the edge', async () => {
      await renderTab(edgeCluster({ tenant: 'team-a' }));

      expect(await screen.findByText('Tenant')).toBeInTheDocument();
      expect(screen.getByText('team-a')).toBeInTheDocument();
    });

    it('shows the YAML, the chart version and the helm command', async () => {
      await renderTab(edgeCluster());

      expect(await screen.findByText('Onboarding values')).toBeInTheDocument();
      expect(
        screen.getByText('kube-prometheus-stack chart 88.5.3'),
      ).toBeInTheDocument();
      expect(screen.getByText(/agentMode/)).toBeInTheDocument();
      expect(
        screen.getByText(/helm upgrade --install kube-prometheus-stack/),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Copy helm command' }),
      ).toBeInTheDocument();
    });

    it("adds the chart's repository before the helm command", async () => {
      await renderTab(edgeCluster());

      expect(
        await screen.findByText(
          "Add the chart's repository, once per machine:",
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /^helm repo add prometheus-community https:\/\/prometheus-community\.github\.io\/helm-charts\s*$/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/^helm repo update prometheus-community\s*$/),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Copy helm repo commands' }),
      ).toBeInTheDocument();
    });

    it('downloads the values under their file name', async () => {
      const createObjectURL = jest.fn().mockReturnValue('blob:values');
      Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
      const click = jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(function assertDownload(this: HTMLAnchorElement) {
          expect(this.download).toBe('values-edge-eu-1.yaml');
          expect(this.href).toBe('blob:values');
        });

      await renderTab(edgeCluster());
      fireEvent.click(
        await screen.findByRole('button', {
          name: /Download values-edge-eu-1.yaml/,
        }),
      );

      expect(click).toHaveBeenCalledTimes(1);
      const blob: Blob = createObjectURL.mock.calls[0][0];
      await expect(blob.text()).resolves.toContain('agentMode: true');
      click.mockRestore();
    });

    it('lists the problems that block the values', async () => {
      api.getValues.mockRejectedValue(
        await responseError(
          409,
          'Values of resource:default/edge-eu-1 are blocked.',
        ),
      );

      await renderTab(
        edgeCluster({
          global: undefined,
          health: undefined,
          problems: [
            {
              code: 'edge-without-global',
              message: 'Edge has no global to write to.',
              severity: 'error',
            },
            {
              code: 'misplaced-annotation',
              message: 'A warning that blocks nothing.',
              severity: 'warning',
            },
          ],
        }),
      );

      expect(
        await screen.findByText(
          /Values cannot be generated until these problems are fixed/,
        ),
      ).toBeInTheDocument();
      const panel = screen
        .getByText(/Values cannot be generated until these problems are fixed/)
        .closest('.MuiAccordion-root') as HTMLElement;
      expect(within(panel).getByText(/are blocked/)).toBeInTheDocument();
      expect(
        within(panel).getByText('Edge has no global to write to.'),
      ).toBeInTheDocument();
      expect(
        within(panel).getByText(/How to fix: Register a global/),
      ).toBeInTheDocument();
      expect(
        within(panel).queryByText('A warning that blocks nothing.'),
      ).not.toBeInTheDocument();
    });

    it('shows other errors as they are', async () => {
      api.getValues.mockRejectedValue(new Error('values broke'));

      await renderTab(edgeCluster());

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'values broke',
      );
    });
  });

  describe('a global', () => {
    it('shows receiver values and the edges writing to it', async () => {
      api.getValues.mockResolvedValue({
        ...(await api.getValues({ namespace: 'default', name: 'global-eu' })),
        role: 'global',
      });
      api.listClusters.mockResolvedValue([
        globalCluster(),
        edgeCluster({ name: 'edge-eu-1', ref: EDGE_REF }),
        edgeCluster({
          name: 'edge-eu-2',
          ref: 'resource:default/edge-eu-2',
          health: queueHealth({ status: 'critical', lagSeconds: 300 }),
        }),
        edgeCluster({
          name: 'edge-us-1',
          ref: 'resource:default/edge-us-1',
          global: 'resource:default/global-us',
        }),
      ]);

      await renderTab(globalCluster(), 'global');

      expect(await screen.findByText('Receiver values')).toBeInTheDocument();
      expect(
        screen.getByText(/Global: a Prometheus that receives/),
      ).toBeInTheDocument();
      expect(
        await screen.findByText('2 edges: 1 critical, 1 healthy'),
      ).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'edge-eu-2' })).toHaveAttribute(
        'href',
        '/catalog/default/resource/edge-eu-2/monitoring',
      );
      expect(screen.queryByText('edge-us-1')).not.toBeInTheDocument();
      expect(api.getHealth).not.toHaveBeenCalled();
    });

    it('that runs Grafana Mimir: what to configure on it, no helm command', async () => {
      api.getValues.mockResolvedValue({
        ref: GLOBAL_REF,
        role: 'global',
        clusterLabel: 'global-eu',
        chartVersion: '88.5.3',
        values: {},
        yaml: '# nothing to install\n{}\n',
        fileName: 'values-global-eu.yaml',
        helmCommand: '# Nothing to install with helm',
        engine: 'mimir',
        onboarding:
          "Grafana Mimir receives the edges' remote write itself: there is no kube-prometheus-stack to install on this global. Its edges write to https://mimir.example.com/api/v1/push.",
      });

      await renderTab(globalCluster({ engine: 'mimir' }), 'global');

      expect(await screen.findByText('Receiver setup')).toBeInTheDocument();
      expect(
        screen.getByText('Runs Grafana Mimir: nothing to install with Helm'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Its edges write to https://mimir.example.com/api/v1/push.',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/Global: a Grafana Mimir that receives/),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /Download/ }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByLabelText('Copy helm command'),
      ).not.toBeInTheDocument();
    });
  });
});
