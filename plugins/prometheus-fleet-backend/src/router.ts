import { HttpAuthService } from '@backstage/backend-plugin-api';
import { makeValidator } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ClusterHealthResponse,
  ClusterListResponse,
  EdgeNamesAvailability,
  FleetProblemListResponse,
  HealthThresholds,
} from 'backstage-plugin-prometheus-fleet-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { availabilityQuery, checkAvailability } from './availability';
import { CachedJsonBodies } from './cachedJsonBodies';
import { FleetService } from './service/types';

/** History points per response: more in the range are downsampled to this many. */
export const MAX_HISTORY_POINTS = 500;
const DEFAULT_HISTORY_MS = 60 * 60 * 1000;

const validator = makeValidator();

const clusterParams = z.object({
  namespace: z
    .string()
    .refine(validator.isValidNamespace, 'not a valid entity namespace'),
  name: z
    .string()
    .refine(
      validator.isValidEntityName,
      'not a valid entity name (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
    ),
});

const valuesQuery = z.object({
  format: z
    .enum(['yaml', 'json'], {
      errorMap: () => ({ message: 'must be yaml or json' }),
    })
    .default('yaml'),
});

const isoDateTime = z
  .string()
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time, e.g. 2026-01-10T12:00:00Z',
  })
  .transform(value => new Date(value));

const healthQuery = z
  .object({ from: isoDateTime.optional(), to: isoDateTime.optional() })
  .transform(({ from, to }) => {
    const end = to ?? new Date();
    return {
      from: from ?? new Date(end.getTime() - DEFAULT_HISTORY_MS),
      to: end,
    };
  })
  .refine(({ from, to }) => from < to, {
    message: 'from must be before to',
    path: ['from'],
  });

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map(
      issue => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new InputError(`Invalid request: ${issues.join('; ')}`);
  }
  return result.data;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  fleet: FleetService;
  catalog: CatalogService;
  thresholds: HealthThresholds;
}): Promise<express.Router> {
  const { httpAuth, fleet, catalog, thresholds } = options;
  const router = Router();
  const clusterLists = new CachedJsonBodies();

  // Only users: each caller is served what they may read in the catalog, and
  // a service principal would see every entity.
  const userCredentials = async (req: express.Request) => ({
    credentials: await httpAuth.credentials(req, { allow: ['user'] }),
  });

  router.get('/clusters', async (req, res) => {
    const items = await fleet.listClusters(await userCredentials(req));
    await clusterLists.send(
      req,
      res,
      items,
      list => ({ items: list } satisfies ClusterListResponse),
    );
  });

  router.get('/clusters/:namespace/:name', async (req, res) => {
    const request = await userCredentials(req);
    const ref = parse(clusterParams, req.params);
    res.json(await fleet.getCluster(ref, request));
  });

  router.get('/clusters/:namespace/:name/values', async (req, res) => {
    const request = await userCredentials(req);
    const ref = parse(clusterParams, req.params);
    const { format } = parse(valuesQuery, req.query);
    const values = await fleet.getValues(ref, request);
    if (format === 'json') {
      res.json(values);
      return;
    }
    res.attachment(values.fileName);
    res.type('application/yaml');
    res.send(values.yaml);
  });

  router.get('/clusters/:namespace/:name/health', async (req, res) => {
    const request = await userCredentials(req);
    const ref = parse(clusterParams, req.params);
    const { from, to } = parse(healthQuery, req.query);
    const { latest, history } = await fleet.getHealth(
      ref,
      { from, to, maxPoints: MAX_HISTORY_POINTS },
      request,
    );
    res.json({
      ...(latest ? { latest } : {}),
      history: history.points,
      from: from.toISOString(),
      to: to.toISOString(),
      thresholds,
      totalPoints: history.totalPoints,
      downsampled: history.downsampled,
    } satisfies ClusterHealthResponse);
  });

  // Asked by the onboarding form as the user types: answers are not cached.
  router.get('/availability', async (req, res) => {
    const { credentials } = await userCredentials(req);
    const query = parse(availabilityQuery, req.query);
    const availability = await checkAvailability(query, {
      catalog,
      fleet,
      credentials,
    });
    res.set('Cache-Control', 'no-store');
    res.json(availability satisfies EdgeNamesAvailability);
  });

  router.get('/problems', async (req, res) => {
    const items = await fleet.listProblems(await userCredentials(req));
    res.json({ items } satisfies FleetProblemListResponse);
  });

  return router;
}
