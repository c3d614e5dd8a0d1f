import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PrometheusFleetApi, prometheusFleetApiRef } from '../../api';
import {
  GLOBAL_REF,
  clusterEntity,
  edgeCluster,
  globalCluster,
  mockFleetApi,
  queueHealth,
} from '../../testUtils/fixtures';
import { EntityPrometheusFleetGlobalCard } from './EntityPrometheusFleetGlobalCard';

let api: jest.Mocked<PrometheusFleetApi>;

beforeEach(() => {
  api = mockFleetApi();
});

async function renderCard() {
  await renderInTestApp(
    <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
      <EntityProvider entity={clusterEntity('global-eu', 'global')}>
        <EntityPrometheusFleetGlobalCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function edgeNamed(name: string, health = queueHealth(), global = GLOBAL_REF) {
  return edgeCluster({
    name,
    ref: `resource:default/${name}`,
    clusterLabel: `${name}-label`,
    global,
    health,
  });
}

describe('EntityPrometheusFleetGlobalCard', () => {
  it('lists the edges of this global, worst first, with their status', async () => {
    api.listClusters.mockResolvedValue([
      globalCluster(),
      edgeNamed('edge-ok', queueHealth({ status: 'healthy', lagSeconds: 3 })),
      edgeNamed(
        'edge-slow',
        queueHealth({ status: 'warning', lagSeconds: 75 }),
      ),
      edgeNamed('edge-elsewhere', queueHealth(), 'resource:default/global-us'),
    ]);

    await renderCard();

    expect(
      await screen.findByText('2 edges: 1 warning, 1 healthy'),
    ).toBeInTheDocument();
    const links = Array.from(
      document.querySelectorAll<HTMLAnchorElement>('a[href$="/monitoring"]'),
      link => link.textContent,
    );
    expect(links).toEqual(['edge-slow', 'edge-ok']);
    expect(screen.getByText('edge-slow-label')).toBeInTheDocument();
    expect(screen.getByText('1 min 15 s')).toBeInTheDocument();
    expect(screen.getByText('warning')).toBeInTheDocument();
    expect(screen.queryByText('edge-elsewhere')).not.toBeInTheDocument();
  });

  it('counts the edges awaiting their first data apart, after those that need someone', async () => {
    api.listClusters.mockResolvedValue([
      globalCluster(),
      edgeNamed('edge-ok', queueHealth({ status: 'healthy' })),
      edgeNamed(
        'edge-new',
        queueHealth({ status: 'pending', lagSeconds: null, lastSeen: null }),
      ),
      edgeNamed(
        'edge-newer',
        queueHealth({ status: 'pending', lagSeconds: null, lastSeen: null }),
      ),
      edgeNamed(
        'edge-gone',
        queueHealth({ status: 'silent', lagSeconds: null, lastSeen: null }),
      ),
    ]);

    await renderCard();

    expect(
      await screen.findByText(
        '4 edges: 1 silent, 2 awaiting first data, 1 healthy',
      ),
    ).toBeInTheDocument();
    const links = Array.from(
      document.querySelectorAll<HTMLAnchorElement>('a[href$="/monitoring"]'),
      link => link.textContent,
    );
    expect(links).toEqual(['edge-gone', 'edge-new', 'edge-newer', 'edge-ok']);
    expect(screen.getAllByText('Awaiting first data')).toHaveLength(2);
  });

  it('explains how edges join when there are none', async () => {
    api.listClusters.mockResolvedValue([globalCluster()]);

    await renderCard();

    expect(
      await screen.findByText(/No edge writes to this global yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`prometheus-fleet.io/global: ${GLOBAL_REF}`),
    ).toBeInTheDocument();
  });

  it('says how to configure the global when its edges cannot be polled', async () => {
    api.listClusters.mockResolvedValue([
      edgeNamed(
        'edge-1',
        queueHealth({
          status: 'unknown',
          reasons: [
            {
              code: 'global-not-configured',
              message: `global not configured: ${GLOBAL_REF} names no usable query endpoint.`,
            },
          ],
        }),
      ),
    ]);

    await renderCard();

    expect(
      await screen.findByText(/This global is not configured for polling/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/prometheusFleet.queryEndpoints/),
    ).toBeInTheDocument();
  });

  it('goes by the reason code, not by its words', async () => {
    api.listClusters.mockResolvedValue([
      edgeNamed(
        'edge-1',
        queueHealth({
          status: 'unknown',
          reasons: [
            {
              code: 'global-unreachable',
              message: `global ${GLOBAL_REF} not reachable: query endpoint "global-eu" failed (timestamps query: answered HTTP 404 route not configured); the next poll retries.`,
            },
          ],
        }),
      ),
    ]);

    await renderCard();

    expect(await screen.findByText('unknown')).toBeInTheDocument();
    expect(
      screen.queryByText(/This global is not configured for polling/),
    ).not.toBeInTheDocument();
  });

  it('shows errors of the backend', async () => {
    api.listClusters.mockRejectedValue(new Error('no fleet today'));

    await renderCard();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'no fleet today',
    );
  });
});
