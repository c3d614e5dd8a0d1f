import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClusterView } from 'backstage-plugin-prometheus-fleet-common';
import { PrometheusFleetApi, prometheusFleetApiRef } from '../../api';
import {
  edgeCluster,
  globalCluster,
  mockFleetApi,
  queueHealth,
} from '../../testUtils/fixtures';
import { FleetOverview } from './FleetOverview';

const GLOBAL_US = 'resource:default/global-us';

function edge(
  name: string,
  health: Partial<ClusterView['health']> | undefined,
  overrides: Partial<ClusterView> = {},
): ClusterView {
  return edgeCluster({
    name,
    ref: `resource:default/${name}`,
    clusterLabel: name,
    health: health && queueHealth(health),
    ...overrides,
  });
}

const FLEET: ClusterView[] = [
  globalCluster(),
  globalCluster({
    name: 'global-us',
    ref: GLOBAL_US,
    clusterLabel: 'global-us',
  }),
  edge('edge-eu-1', { status: 'healthy', lagSeconds: 5 }),
  edge('edge-eu-2', {
    status: 'warning',
    lagSeconds: 70,
    shards: { current: 20, desired: 40, max: 20 },
  }),
  edge('edge-eu-3', { status: 'critical', lagSeconds: 300 }),
  edge(
    'edge-us-1',
    { status: 'silent', lagSeconds: null },
    {
      global: GLOBAL_US,
      owner: 'group:default/team-us',
    },
  ),
  edge(
    'edge-us-2',
    { status: 'unknown', lagSeconds: null },
    { global: GLOBAL_US },
  ),
  // Onboarded an hour ago, no agent yet.
  edge('edge-eu-4', {
    status: 'pending',
    reasons: [
      {
        code: 'awaiting-first-data',
        message: 'joined the fleet 60 min ago, awaiting its agent',
      },
    ],
    lagSeconds: null,
    shards: { current: null, desired: null, max: null },
    lastSeen: null,
  }),
  edge('edge-new', undefined, {
    problems: [
      { code: 'invalid-tenant', message: 'bad tenant', severity: 'error' },
    ],
  }),
];

/** The table loads each page asynchronously, the search after a debounce. */
const SLOW = { timeout: 15_000 };

// The first render pulls in material-table, which takes seconds on a busy CI machine.
jest.setTimeout(30_000);

let api: jest.Mocked<PrometheusFleetApi>;

beforeEach(() => {
  api = mockFleetApi();
  api.listClusters.mockResolvedValue(FLEET);
});

async function renderOverview() {
  await renderInTestApp(
    <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
      <FleetOverview />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await screen.findByText(/^Clusters \(/, {}, SLOW);
}

/** Cluster names in table order: each row links its name to the monitoring tab. */
function visibleClusters(): string[] {
  // A CSS query: role queries walk the accessibility tree and dwarf what they measure.
  return Array.from(
    document.querySelectorAll<HTMLAnchorElement>('a[href$="/monitoring"]'),
    link => link.textContent ?? '',
  );
}

describe('FleetOverview', () => {
  it('counts edges by status', async () => {
    await renderOverview();

    expect(
      screen.getByText('edges, 2 globals').previousSibling,
    ).toHaveTextContent('7');
    for (const status of [
      'healthy',
      'warning',
      'critical',
      'silent',
      'unknown',
    ]) {
      expect(
        screen.getByRole('button', { name: `Show ${status} clusters` }),
      ).toHaveTextContent(`1${status}`);
    }
    // Counted apart from the silent ones: neutral, not an outage.
    expect(
      screen.getByRole('button', {
        name: 'Show clusters awaiting first data',
      }),
    ).toHaveTextContent('1Awaiting first data');
  });

  it('lists every cluster worst first, linking to its monitoring tab', async () => {
    await renderOverview();

    expect(screen.getByText('Clusters (9)')).toBeInTheDocument();
    await waitFor(
      () =>
        expect(visibleClusters()).toEqual([
          'edge-eu-3',
          'edge-us-1',
          'edge-eu-2',
          'edge-us-2',
          'edge-eu-4',
          'edge-eu-1',
          'global-eu',
          'global-us',
          'edge-new',
        ]),
      SLOW,
    );
    expect(screen.getByRole('link', { name: 'edge-eu-3' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/edge-eu-3/monitoring',
    );
    expect(screen.getByText('40 / 20')).toBeInTheDocument();
  });

  it('sorts by lag both ways, clusters without lag last', async () => {
    await renderOverview();

    await userEvent.click(screen.getByText('Lag'));
    await waitFor(
      () =>
        expect(visibleClusters()).toEqual([
          'edge-eu-1',
          'edge-eu-2',
          'edge-eu-3',
          'global-eu',
          'global-us',
          'edge-us-1',
          'edge-us-2',
          'edge-eu-4',
          'edge-new',
        ]),
      SLOW,
    );

    await userEvent.click(screen.getByText('Lag'));
    await waitFor(
      () =>
        expect(visibleClusters()).toEqual([
          'edge-eu-3',
          'edge-eu-2',
          'edge-eu-1',
          'global-eu',
          'global-us',
          'edge-us-1',
          'edge-us-2',
          'edge-eu-4',
          'edge-new',
        ]),
      SLOW,
    );
  });

  it('filters by status', async () => {
    await renderOverview();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'warning');

    await waitFor(() => expect(visibleClusters()).toEqual(['edge-eu-2']), SLOW);
    expect(screen.getByText('Clusters (1 of 9)')).toBeInTheDocument();
  });

  it('filters the clusters without health data', async () => {
    await renderOverview();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'none');

    await waitFor(
      () =>
        expect(visibleClusters()).toEqual([
          'global-eu',
          'global-us',
          'edge-new',
        ]),
      SLOW,
    );
  });

  it('filters by status from the summary', async () => {
    await renderOverview();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show silent clusters' }),
    );

    await waitFor(() => expect(visibleClusters()).toEqual(['edge-us-1']), SLOW);
    expect(screen.getByLabelText('Status')).toHaveValue('silent');
  });

  it('filters the clusters awaiting first data from the summary, with the status so named', async () => {
    await renderOverview();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show clusters awaiting first data' }),
    );

    await waitFor(() => expect(visibleClusters()).toEqual(['edge-eu-4']), SLOW);
    const status = screen.getByLabelText('Status');
    expect(status).toHaveValue('pending');
    expect(
      within(status).getByRole('option', { selected: true }),
    ).toHaveTextContent('awaiting first data');
    // In its summary card and in its row.
    expect(screen.getAllByText('Awaiting first data')).toHaveLength(2);
  });

  it('filters by global and by owner', async () => {
    await renderOverview();

    await userEvent.selectOptions(screen.getByLabelText('Global'), GLOBAL_US);
    await waitFor(
      () => expect(visibleClusters()).toEqual(['edge-us-1', 'edge-us-2']),
      SLOW,
    );

    await userEvent.selectOptions(
      screen.getByLabelText('Owner'),
      'group:default/team-us',
    );
    await waitFor(() => expect(visibleClusters()).toEqual(['edge-us-1']), SLOW);
  });

  it('searches names, labels, globals and owners', async () => {
    await renderOverview();
    const search = screen.getByLabelText('Search');

    fireEvent.change(search, { target: { value: 'eu-3' } });
    await waitFor(() => expect(visibleClusters()).toEqual(['edge-eu-3']), SLOW);

    fireEvent.change(search, { target: { value: 'team-us' } });
    await waitFor(() => expect(visibleClusters()).toEqual(['edge-us-1']), SLOW);

    fireEvent.change(search, { target: { value: 'team-us nothing-matches' } });
    expect(
      await screen.findByText(
        'No cluster matches the search and filters.',
        {},
        SLOW,
      ),
    ).toBeInTheDocument();
  }, 30_000);

  it('lists mapping and observed problems with links to their entities and fixes', async () => {
    api.listProblems.mockResolvedValue([
      {
        ref: 'resource:default/edge-new',
        code: 'invalid-tenant',
        message: 'Tenant "a b" is not a valid tenant id.',
        severity: 'error',
      },
      {
        ref: 'resource:default/edge-eu-2',
        code: 'remote-write-drift',
        message: 'edge-eu-2 writes with other queue settings than its values.',
        severity: 'warning',
      },
    ]);

    await renderOverview();

    const problems = (await screen.findByText('Fleet problems (2)')).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    expect(
      within(problems).getByText('Tenant "a b" is not a valid tenant id.'),
    ).toBeInTheDocument();
    expect(
      within(problems).getByRole('link', { name: /edge-new/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/edge-new');
    expect(
      within(problems).getByText(/at most 150 letters/),
    ).toBeInTheDocument();
    expect(
      within(problems).getByText(/other queue settings/),
    ).toBeInTheDocument();
    expect(
      within(problems).getByText(/Install this edge's current values again/),
    ).toBeInTheDocument();
  });

  it('says when the fleet has no problems', async () => {
    await renderOverview();

    expect(
      await screen.findByText(/No problems: every cluster/),
    ).toBeInTheDocument();
  });

  describe('with no cluster in the fleet, says why', () => {
    const renderEmpty = (catalogApi: ReturnType<typeof catalogApiMock>) => {
      api.listClusters.mockResolvedValue([]);
      return renderInTestApp(
        <TestApiProvider
          apis={[
            [prometheusFleetApiRef, api],
            [catalogApiRef, catalogApi],
          ]}
        >
          <FleetOverview />
        </TestApiProvider>,
      );
    };
    const clusterResource = (name: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name },
      spec: { type: 'kubernetes-cluster' },
    });

    it('no cluster has a fleet role: how to give one', async () => {
      await renderEmpty(
        catalogApiMock({
          entities: [clusterResource('lab'), clusterResource('prod')],
        }),
      );
      expect(
        await screen.findByText('No clusters in the fleet yet'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /has 2 Resources of type kubernetes-cluster, none with a fleet role.*prometheus-fleet.io\/role: edge/,
        ),
      ).toBeInTheDocument();
    });

    it('the catalog holds no cluster: register its location', async () => {
      await renderEmpty(catalogApiMock({ entities: [] }));
      expect(
        await screen.findByText(
          'No clusters in the fleet: the catalog holds no cluster',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(/catalog.locations/)).toBeInTheDocument();
    });

    it('the catalog is not answering', async () => {
      const catalogApi = catalogApiMock.mock({
        getEntities: jest.fn().mockRejectedValue(new Error('503 from catalog')),
      });
      await renderEmpty(catalogApi);
      expect(
        await screen.findByText(
          'No clusters in the fleet: the catalog is not answering',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(/503 from catalog/)).toBeInTheDocument();
    });
  });

  it('shows errors of the backend', async () => {
    api.listClusters.mockRejectedValue(new Error('fleet unavailable'));

    await renderInTestApp(
      <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
        <FleetOverview />
      </TestApiProvider>,
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'fleet unavailable',
    );
  });
});
