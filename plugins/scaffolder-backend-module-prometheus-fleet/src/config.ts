import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  CONFIG_ROOT_KEY,
  readQueryEndpointNames,
  readValuesOptionsConfig,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';

/** What the onboarding action needs from the fleet configuration. */
export interface FleetSettings {
  valuesOptions: ValuesOptions;
  /** Undefined when no endpoints are configured: names are then not checked. */
  queryEndpoints?: string[];
}

/**
 * Reads the same `prometheusFleet` keys as the backend plugin, so the values
 * written at onboarding equal the ones the backend serves afterwards.
 */
export function readFleetSettings(config: RootConfigService): FleetSettings {
  const fleet = config.getOptionalConfig(CONFIG_ROOT_KEY);
  return {
    valuesOptions: readValuesOptionsConfig(
      fleet,
      config.getOptionalConfig('app'),
    ),
    queryEndpoints: readQueryEndpointNames(fleet),
  };
}
