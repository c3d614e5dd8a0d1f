import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readFleetEntityRefs } from './catalogEntities';
import { StaleWhileRevalidate } from './StaleWhileRevalidate';

interface DecisionEntry {
  refs: StaleWhileRevalidate<ReadonlySet<string>>;
  credentials: BackstageCredentials;
}

/** Entity refs of the fleet's entities a caller may read, or all of them. */
export type ReadableRefs = 'all' | ReadonlySet<string>;

/** As long as the shared fleet: the catalog takes minutes to apply a changed entity anyway. */
const MAX_AGE_MS = 30_000;
/** Distinct conditional decisions kept; each holds at most the fleet's refs. */
const MAX_DECISIONS = 1_000;

/**
 * What a caller may read of the fleet, so that everyone is served the same
 * fleet, resolved once from the whole catalog, and only sees less of it.
 *
 * An unconditional allow reads everything and costs no catalog read. A
 * conditional decision (a policy such as "owners only") is answered by the
 * catalog, asked for the refs alone with the caller's credentials, and kept
 * per decision rather than per caller: the catalog filters by the
 * decision's conditions and their parameters, nothing else of the caller,
 * so callers under the same conditions share one read. A decision seen
 * before is served at once and refreshed behind the caller.
 */
export class CallerVisibility {
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #logger: LoggerService;
  readonly #byDecision = new Map<string, DecisionEntry>();

  constructor(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    logger: LoggerService;
  }) {
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#logger = options.logger;
  }

  async readableBy(credentials: BackstageCredentials): Promise<ReadableRefs> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    switch (decision.result) {
      case AuthorizeResult.ALLOW:
        return 'all';
      case AuthorizeResult.CONDITIONAL:
        return this.#refsUnder(
          JSON.stringify(decision.conditions),
          credentials,
        );
      default:
        return new Set();
    }
  }

  #refsUnder(
    decision: string,
    credentials: BackstageCredentials,
  ): Promise<ReadonlySet<string>> {
    let entry = this.#byDecision.get(decision);
    if (entry) {
      // Most recently used last: the first entry is the one to drop.
      this.#byDecision.delete(decision);
      // Reloads read as the latest caller, whose token has not expired.
      entry.credentials = credentials;
    } else {
      const created: DecisionEntry = {
        credentials,
        refs: new StaleWhileRevalidate({
          load: async () =>
            new Set(
              (
                await readFleetEntityRefs(this.#catalog, created.credentials)
              ).map(entity => stringifyEntityRef(entity)),
            ),
          maxAgeMs: MAX_AGE_MS,
          onReloadError: error =>
            this.#logger.warn(
              `Could not read what a caller may see of the fleet, serving what was read before: ${stringifyError(
                error,
              )}`,
            ),
        }),
      };
      entry = created;
      if (this.#byDecision.size >= MAX_DECISIONS) {
        this.#byDecision.delete(this.#byDecision.keys().next().value!);
      }
    }
    this.#byDecision.set(decision, entry);
    return entry.refs.get();
  }
}
