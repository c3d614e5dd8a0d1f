import { Config, ConfigReader } from '@backstage/config';
import {
  CONFIG_ROOT_KEY,
  FleetConfigError,
  readQueryEndpointNames,
  readValuesOptionsConfig,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { InputError } from './io';
import { readYamlFile } from './yamlFile';

/**
 * The parts of `prometheusFleet` app-config that change fleet resolution or
 * values, read and checked as the backend reads them, so that the CLI and the
 * backend generate the same values from the same config.
 */
export interface FleetConfig {
  /** Names of the configured query endpoints; undefined when no config was given. */
  queryEndpoints?: string[];
  values: ValuesOptions;
}

/** Reads what the backend reads from `prometheusFleet` for resolution and values. */
export function readFleetConfig(config: Config): FleetConfig {
  const fleet = config.getOptionalConfig(CONFIG_ROOT_KEY);
  try {
    return {
      queryEndpoints: readQueryEndpointNames(fleet) ?? [],
      values: readValuesOptionsConfig(fleet, config.getOptionalConfig('app')),
    };
  } catch (error) {
    if (error instanceof FleetConfigError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Loads app-config files, later ones overriding earlier ones as in Backstage
 * (`--config app-config.yaml --config app-config.production.yaml`). Values are
 * read as written: `${VAR}` substitution and `$include` are not applied.
 */
export async function loadFleetConfig(
  paths: readonly string[],
): Promise<FleetConfig> {
  if (paths.length === 0) return { values: {} };
  const configs = [];
  for (const path of paths) {
    const [document] = (await readYamlFile(path)).documents;
    const data = document?.toJS() ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new InputError(`Config file ${path} must contain a YAML mapping.`);
    }
    configs.push({ context: path, data });
  }
  try {
    return readFleetConfig(ConfigReader.fromConfigs(configs));
  } catch (error) {
    if (error instanceof InputError) throw error;
    // ConfigReader's own errors name the key and the file.
    throw new InputError((error as Error).message);
  }
}
