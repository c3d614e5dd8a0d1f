import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  OverridableFrontendPlugin,
  PageBlueprint,
  RouteRef,
  SubRouteRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  createFormField,
  scaffolderTemplateOutputsBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { MONITORING_TAB_PATH } from 'backstage-plugin-prometheus-fleet-common';
import { PrometheusFleetClient, prometheusFleetApiRef } from './api';
import {
  prometheusFleetAvailablePredicate,
  prometheusFleetGlobalPredicate,
} from './conditions';
import { onboardingRouteRef, rootRouteRef } from './routes';
import {
  ONBOARDING_TEMPLATE_REFS,
  OnboardingOutputs,
} from './scaffolder/OnboardingOutputs';

const prometheusFleetApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: prometheusFleetApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PrometheusFleetClient(deps),
    }),
});

const fleetPage = PageBlueprint.make({
  params: {
    path: '/prometheus-fleet',
    // Short enough for the sidebar; the page itself is headed "Prometheus fleet".
    title: 'Prometheus',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The fleet, and beneath it the onboarding page scaffolder runs link to.
    loader: () =>
      import('./components/FleetPage').then(m => (
        <Content>
          <m.FleetPageRoutes overview={<m.FleetOverview />} />
        </Content>
      )),
  },
});

const monitoringContent = EntityContentBlueprint.make({
  name: 'monitoring',
  params: {
    path: MONITORING_TAB_PATH,
    title: 'Monitoring',
    filter: prometheusFleetAvailablePredicate,
    loader: () =>
      import('./components/EntityMonitoringContent').then(m => (
        <m.EntityPrometheusFleetContent />
      )),
  },
});

const globalEdgesCard = EntityCardBlueprint.make({
  name: 'global-edges',
  params: {
    type: 'content',
    filter: prometheusFleetGlobalPredicate,
    loader: () =>
      import('./components/GlobalEdges').then(m => (
        <m.EntityPrometheusFleetGlobalCard />
      )),
  },
});

/**
 * The onboarding template's form fields, attached to the scaffolder's form
 * fields API: an app with the scaffolder gets them with the plugin.
 */
const formFields = [
  { name: 'cluster-name', options: 'clusterNameFieldOptions' },
  { name: 'cluster-label', options: 'clusterLabelFieldOptions' },
  { name: 'global-picker', options: 'globalPickerFieldOptions' },
  { name: 'owner-picker', options: 'ownerPickerFieldOptions' },
] as const;

const formFieldExtensions = formFields.map(({ name, options }) =>
  FormFieldBlueprint.make({
    name,
    params: {
      field: () =>
        import('./scaffolder/fields').then(m => createFormField(m[options])),
    },
  }),
);

/**
 * The run page of the onboarding templates: their install commands wrap and
 * have a copy button.
 */
const onboardingOutputs = scaffolderTemplateOutputsBlueprint.make({
  name: 'onboarding',
  params: {
    component: OnboardingOutputs,
    templateRefs: ONBOARDING_TEMPLATE_REFS,
  },
});

/**
 * The plugin for apps on the new frontend system: the API client, the fleet
 * page with its nav item and the onboarding page beneath it, the monitoring
 * entity tab, the global card, and the onboarding templates' form fields
 * and run-page outputs.
 *
 * The annotation keeps the inferred extension map out of the published
 * types: it would name the entity filter types of a nested dependency.
 *
 * @public
 */
const prometheusFleetPlugin: OverridableFrontendPlugin<{
  root: RouteRef;
  onboarding: SubRouteRef<{ namespace: string; name: string }>;
}> = createFrontendPlugin({
  pluginId: 'prometheus-fleet',
  title: 'Prometheus fleet',
  icon: <TimelineIcon fontSize="inherit" />,
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    onboarding: convertLegacyRouteRef(onboardingRouteRef),
  },
  extensions: [
    prometheusFleetApi,
    fleetPage,
    monitoringContent,
    globalEdgesCard,
    ...formFieldExtensions,
    onboardingOutputs,
  ],
});

export default prometheusFleetPlugin;
