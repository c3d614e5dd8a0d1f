import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/**
 * The actions, like the REST API, answer users only: each caller is shown the
 * part of the fleet they may read in the catalog, and a service principal
 * would see every entity.
 *
 * @throws NotAllowedError for any other principal
 */
export function requireUser(
  auth: AuthService,
  credentials: BackstageCredentials,
): BackstageCredentials<BackstageUserPrincipal> {
  if (!auth.isPrincipal(credentials, 'user')) {
    const { type } = credentials.principal as { type: string };
    throw new NotAllowedError(
      `The prometheus-fleet actions answer users only, not a ${type} principal: each user is shown the part of the fleet they may read in the catalog, and a service principal would see all of it. Call them with a user's token (from an MCP client: sign in to Backstage through OAuth rather than with a static token).`,
    );
  }
  return credentials;
}
