import { registerGetClusterHealthAction } from './getClusterHealthAction';
import { registerGetClusterValuesAction } from './getClusterValuesAction';
import { registerGetFleetHealthAction } from './getFleetHealthAction';
import { FleetActionsOptions } from './types';

/**
 * Registers the fleet's read-only actions with the actions registry
 * (`prometheus-fleet:get-fleet-health`, `prometheus-fleet:get-cluster-health`,
 * `prometheus-fleet:get-cluster-values`), for AI assistants through MCP among
 * others. Each runs for the calling user only, and sees what that user may
 * read in the catalog, as the REST API does.
 */
export function registerFleetActions(options: FleetActionsOptions): void {
  registerGetFleetHealthAction(options);
  registerGetClusterHealthAction(options);
  registerGetClusterValuesAction(options);
}
