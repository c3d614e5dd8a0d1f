import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { FetchPrometheusQueryClient } from './FetchPrometheusQueryClient';
import { PrometheusQueryClient } from './types';

/**
 * The client the poller queries Prometheus with. The default uses `fetch`;
 * replace it with a service factory for this ref, e.g. to go through a proxy
 * or to count queries in tests.
 *
 * @public
 */
export const prometheusQueryClientServiceRef =
  createServiceRef<PrometheusQueryClient>({
    id: 'prometheus-fleet.query-client',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new FetchPrometheusQueryClient(),
      }),
  });
