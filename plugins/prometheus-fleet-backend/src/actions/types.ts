import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { FleetService } from '../service/types';

/** What the fleet actions need. */
export interface FleetActionsOptions {
  actionsRegistry: ActionsRegistryService;
  /** Each action reads it with the caller's credentials. */
  fleet: FleetService;
  auth: AuthService;
}
