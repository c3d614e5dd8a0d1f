import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { prometheusFleetApiRef } from '../../api';
import {
  clusterEntity,
  edgeCluster,
  mockFleetApi,
  responseError,
} from '../../testUtils/fixtures';
import { FleetPageRoutes } from '../FleetPage/FleetPageRoutes';
import { ONBOARDING_BACKOFF } from './OnboardingProgress';

const entity = clusterEntity('edge-eu-3', 'edge');
const REF = 'resource:default/edge-eu-3';

describe('the onboarding page', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('waits for the catalog, then the fleet, then opens the Monitoring tab', async () => {
    const catalog = catalogApiMock.mock();
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const api = mockFleetApi();
    api.getCluster.mockRejectedValue(await responseError(404, 'not yet'));

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [prometheusFleetApiRef, api],
          [catalogApiRef, catalog],
        ]}
      >
        <Routes>
          <Route
            path="/prometheus-fleet/*"
            element={<FleetPageRoutes overview={<div>the fleet</div>} />}
          />
          <Route
            path="/catalog/:namespace/:kind/:name/monitoring"
            element={<div>the Monitoring tab</div>}
          />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/prometheus-fleet/onboarding/default/edge-eu-3'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByText(`Waiting for the catalog to list ${REF}`),
    ).toBeInTheDocument();
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(REF);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Checking again in 1 s.',
    );

    catalog.getEntityByRef.mockResolvedValue(entity);
    await act(() => jest.advanceTimersByTimeAsync(ONBOARDING_BACKOFF.firstMs));
    expect(
      await screen.findByText('Waiting for the Prometheus fleet to take it in'),
    ).toBeInTheDocument();
    expect(screen.getByText(/The catalog lists/)).toBeInTheDocument();
    expect(api.getCluster).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'edge-eu-3',
    });

    api.getCluster.mockResolvedValue(
      edgeCluster({ ref: REF, name: 'edge-eu-3' }),
    );
    await act(() => jest.advanceTimersByTimeAsync(2_000));
    expect(await screen.findByText('the Monitoring tab')).toBeInTheDocument();
  });

  it('shows the problems that keep the cluster out of the fleet', async () => {
    const catalog = catalogApiMock({ entities: [entity] });
    const api = mockFleetApi();
    api.getCluster.mockRejectedValue(await responseError(404, 'not in fleet'));
    api.listProblems.mockResolvedValue([
      {
        ref: REF,
        code: 'global-not-found',
        severity: 'error',
        message:
          'Its global resource:default/global-mars is not in the catalog.',
      },
    ]);

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [prometheusFleetApiRef, api],
          [catalogApiRef, catalog],
        ]}
      >
        <Routes>
          <Route
            path="/prometheus-fleet/*"
            element={<FleetPageRoutes overview={<div>the fleet</div>} />}
          />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/prometheus-fleet/onboarding/default/edge-eu-3'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByText(
        'Its global resource:default/global-mars is not in the catalog.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('failed')).toBeInTheDocument();
  });

  it('shows the fleet at the page’s own path', async () => {
    await renderInTestApp(
      <Routes>
        <Route
          path="/prometheus-fleet/*"
          element={<FleetPageRoutes overview={<div>the fleet</div>} />}
        />
      </Routes>,
      { routeEntries: ['/prometheus-fleet'] },
    );

    expect(screen.getByText('the fleet')).toBeInTheDocument();
  });
});
