import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  alice,
  bob,
  startFleetBackend,
  WRITE_URL,
} from './__testUtils__/actionsFleet';

const ACTIONS = '/api/prometheus-fleet/.backstage/actions/v1/actions';
const FLEET_HEALTH = 'prometheus-fleet:get-fleet-health';
const CLUSTER_HEALTH = 'prometheus-fleet:get-cluster-health';
const CLUSTER_VALUES = 'prometheus-fleet:get-cluster-values';

describe('prometheus-fleet actions', () => {
  let backend: TestBackend;
  let api: ReturnType<typeof request>;

  const invokeWith = (authorization: string) => (id: string, input: object) =>
    api
      .post(`${ACTIONS}/${id}/invoke`)
      .set('Authorization', authorization)
      .send(input);
  const as = (user: string) => ({
    invoke: invokeWith(mockCredentials.user.header(user)),
  });

  beforeAll(async () => {
    backend = await startFleetBackend();
    api = request(backend.server);
  });

  afterAll(async () => {
    await backend.stop();
  });

  describe('the list', () => {
    it('lists the three read-only actions with their schemas and examples', async () => {
      const res = await api
        .get(ACTIONS)
        .set('Authorization', mockCredentials.user.header(alice));

      expect(res.status).toBe(200);
      const actions: any[] = res.body.actions;
      expect(actions.map(a => a.id).sort()).toEqual([
        CLUSTER_HEALTH,
        CLUSTER_VALUES,
        FLEET_HEALTH,
      ]);
      for (const action of actions) {
        expect(action).toMatchObject({
          pluginId: 'prometheus-fleet',
          attributes: { readOnly: true, destructive: false, idempotent: true },
          title: expect.stringMatching(/\S/),
          description: expect.stringMatching(/calling user/),
        });
        expect(action.examples.length).toBeGreaterThanOrEqual(1);
        expect(action.schema.output).toMatchObject({ type: 'object' });
      }
      const byId = Object.fromEntries(actions.map(a => [a.id, a]));

      const fleetInput = byId[FLEET_HEALTH].schema.input;
      expect(Object.keys(fleetInput.properties)).toEqual([
        'global',
        'owner',
        'status',
        'limit',
      ]);
      expect(fleetInput.required ?? []).toEqual([]);
      expect(fleetInput.properties.status.enum).toEqual([
        'critical',
        'silent',
        'warning',
        'unknown',
        'pending',
        'healthy',
      ]);
      expect(fleetInput.properties.limit).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 100,
      });
      expect(Object.keys(byId[FLEET_HEALTH].schema.output.properties)).toEqual([
        'filters',
        'edgeCount',
        'counts',
        'matchingEdgeCount',
        'edges',
        'problemCount',
        'problems',
      ]);

      for (const id of [CLUSTER_HEALTH, CLUSTER_VALUES]) {
        expect(byId[id].schema.input).toMatchObject({
          type: 'object',
          properties: { cluster: { type: 'string' } },
          required: ['cluster'],
        });
      }
      expect(
        Object.keys(byId[CLUSTER_VALUES].schema.output.properties),
      ).toEqual([
        'ref',
        'role',
        'clusterLabel',
        'chartVersion',
        'fileName',
        'yaml',
        'helmCommand',
        'engine',
        'onboarding',
      ]);
    });

    it('has examples each action answers', async () => {
      const res = await api
        .get(ACTIONS)
        .set('Authorization', mockCredentials.user.header(alice));

      for (const action of res.body.actions) {
        for (const example of action.examples) {
          const answer = await as(alice).invoke(action.id, example.input);
          expect([action.id, example.title, answer.status]).toEqual([
            action.id,
            example.title,
            200,
          ]);
        }
      }
    });
  });

  describe('get-fleet-health', () => {
    it('counts the edges by status and lists the worst first, with their reasons and the problems', async () => {
      const res = await as(alice).invoke(FLEET_HEALTH, {});

      expect(res.status).toBe(200);
      const { output } = res.body;
      expect(output.filters).toEqual({});
      expect(output.edgeCount).toBe(5);
      expect(output.counts).toEqual({
        critical: 1,
        silent: 1,
        warning: 0,
        unknown: 2,
        pending: 0,
        healthy: 1,
        'not-polled': 0,
      });
      expect(output.matchingEdgeCount).toBe(5);
      expect(
        output.edges.map((e: any) => [e.ref, e.status, e.lagSeconds]),
      ).toEqual([
        ['resource:default/edge-eu-3', 'critical', 200],
        ['resource:default/edge-eu-2', 'silent', 90],
        ['resource:default/edge-bad', 'unknown', null],
        ['resource:default/edge-us-1', 'unknown', null],
        ['resource:default/edge-eu-1', 'healthy', 1],
      ]);
      expect(output.edges[0]).toEqual({
        ref: 'resource:default/edge-eu-3',
        global: 'resource:default/global-eu',
        owner: 'group:default/payments',
        clusterLabel: 'edge-eu-3',
        status: 'critical',
        reasons: [
          { code: 'lag-over-critical', message: 'lag 200 s over 120 s' },
        ],
        lagSeconds: 200,
        lastSeen: expect.any(String),
        observedAt: expect.any(String),
      });
      expect(output.edges[1].reasons).toEqual([
        { code: 'no-sample', message: 'no sample for 15 min' },
        {
          code: 'lag-over-warning',
          message: 'last reported: lag 90 s over 60 s',
        },
      ]);
      expect(output.edges[2].reasons.map((r: any) => r.code)).toEqual([
        'not-onboarded',
      ]);
      expect(output.edges[3].reasons.map((r: any) => r.code)).toEqual([
        'global-not-configured',
      ]);
      expect(output.edges[4].reasons).toEqual([]);

      expect(output.problemCount).toBe(4);
      expect(
        output.problems.map((p: any) => [p.ref, p.code, p.severity, p.source]),
      ).toEqual([
        [
          'resource:default/edge-bad',
          'invalid-cluster-label',
          'error',
          'catalog',
        ],
        [
          'resource:default/global-us',
          'missing-query-endpoint',
          'warning',
          'catalog',
        ],
        [
          'resource:default/edge-eu-2',
          'remote-write-drift',
          'warning',
          'observed',
        ],
        ['resource:default/global-eu', 'orphan-cluster', 'warning', 'observed'],
      ]);
      expect(output.problems[0].message).toContain(
        'Cluster label "not a label!" is not a valid label value',
      );
    });

    it('lists only the edges of a status, keeping the counts whole', async () => {
      const res = await as(alice).invoke(FLEET_HEALTH, { status: 'critical' });

      expect(res.body.output).toMatchObject({
        filters: { status: 'critical' },
        edgeCount: 5,
        counts: { critical: 1, healthy: 1 },
        matchingEdgeCount: 1,
        edges: [{ ref: 'resource:default/edge-eu-3' }],
      });
      const none = await as(alice).invoke(FLEET_HEALTH, { status: 'pending' });
      expect(none.body.output.edges).toEqual([]);
      expect(none.body.output.matchingEdgeCount).toBe(0);
    });

    it.each([
      ['payments'],
      ['group:default/payments'],
      ['default/payments'],
      ['Group:default/Payments'],
    ])('narrows to the clusters of owner %s', async owner => {
      const res = await as(alice).invoke(FLEET_HEALTH, { owner });

      expect(res.status).toBe(200);
      const { output } = res.body;
      expect(output.filters).toEqual({ owner });
      expect(output.edges.map((e: any) => e.ref)).toEqual([
        'resource:default/edge-eu-3',
        'resource:default/edge-us-1',
      ]);
      expect(output.counts).toMatchObject({ critical: 1, unknown: 1 });
      expect(output.edgeCount).toBe(2);
      // global-us is theirs; global-eu's orphan and the others' are not.
      expect(output.problems.map((p: any) => [p.ref, p.code])).toEqual([
        ['resource:default/global-us', 'missing-query-endpoint'],
      ]);
    });

    it('does not take an owner of another kind for the one asked for', async () => {
      const res = await as(alice).invoke(FLEET_HEALTH, {
        owner: 'user:default/payments',
      });

      expect(res.body.output.edgeCount).toBe(0);
      expect(res.body.output.problems).toEqual([]);
    });

    it('narrows to a global and its edges, by name or ref', async () => {
      for (const global of ['global-us', 'resource:default/global-us']) {
        const res = await as(alice).invoke(FLEET_HEALTH, { global });

        expect(res.status).toBe(200);
        expect(res.body.output).toMatchObject({
          filters: { global: 'resource:default/global-us' },
          edgeCount: 1,
          edges: [{ ref: 'resource:default/edge-us-1', status: 'unknown' }],
          problems: [
            {
              ref: 'resource:default/global-us',
              code: 'missing-query-endpoint',
            },
          ],
        });
      }
      const eu = await as(alice).invoke(FLEET_HEALTH, {
        global: 'global-eu',
        owner: 'platform',
      });
      expect(eu.body.output.edges.map((e: any) => e.ref)).toEqual([
        'resource:default/edge-eu-2',
        'resource:default/edge-bad',
        'resource:default/edge-eu-1',
      ]);
      expect(eu.body.output.problems.map((p: any) => p.code)).toEqual([
        'invalid-cluster-label',
        'remote-write-drift',
        'orphan-cluster',
      ]);
    });

    it('caps the lists at the limit, saying how many there are', async () => {
      const res = await as(alice).invoke(FLEET_HEALTH, { limit: 2 });

      expect(res.body.output).toMatchObject({
        edgeCount: 5,
        matchingEdgeCount: 5,
        problemCount: 4,
      });
      expect(res.body.output.edges.map((e: any) => e.status)).toEqual([
        'critical',
        'silent',
      ]);
      expect(res.body.output.problems.map((p: any) => p.severity)).toEqual([
        'error',
        'warning',
      ]);
    });
  });

  describe('get-cluster-health', () => {
    it("returns an edge's place in the fleet, latest health and problems", async () => {
      const res = await as(alice).invoke(CLUSTER_HEALTH, {
        cluster: 'edge-eu-2',
      });

      expect(res.status).toBe(200);
      expect(res.body.output).toEqual({
        ref: 'resource:default/edge-eu-2',
        role: 'edge',
        global: 'resource:default/global-eu',
        owner: 'group:default/platform',
        clusterLabel: 'edge-eu-2',
        health: expect.objectContaining({
          status: 'silent',
          reasons: [
            { code: 'no-sample', message: 'no sample for 15 min' },
            {
              code: 'lag-over-warning',
              message: 'last reported: lag 90 s over 60 s',
            },
          ],
          lagSeconds: 90,
          lastSeen: expect.any(String),
          observedAt: expect.any(String),
          shards: expect.any(Object),
        }),
        problems: [
          expect.objectContaining({
            ref: 'resource:default/edge-eu-2',
            code: 'remote-write-drift',
            severity: 'warning',
            source: 'observed',
          }),
        ],
      });
      const lastSeen = Date.parse(res.body.output.health.lastSeen);
      const observedAt = Date.parse(res.body.output.health.observedAt);
      expect(Math.round((observedAt - lastSeen) / 1000)).toBe(900);
    });

    it('returns a global, without health, by name or entity ref', async () => {
      for (const cluster of [
        'global-eu',
        'resource:default/global-eu',
        'default/global-eu',
      ]) {
        const res = await as(alice).invoke(CLUSTER_HEALTH, { cluster });

        expect(res.status).toBe(200);
        expect(res.body.output).toMatchObject({
          ref: 'resource:default/global-eu',
          role: 'global',
          clusterLabel: 'global-eu',
          problems: [{ code: 'orphan-cluster', source: 'observed' }],
        });
        expect(res.body.output).not.toHaveProperty('health');
      }
    });

    it('says why a cluster not in the fleet is not', async () => {
      const res = await as(alice).invoke(CLUSTER_HEALTH, {
        cluster: 'nowhere',
      });

      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No cluster resource:default/nowhere in the catalog.',
      });
    });
  });

  describe('get-cluster-values', () => {
    it('returns the values YAML, file name, chart version and helm command', async () => {
      const res = await as(alice).invoke(CLUSTER_VALUES, {
        cluster: 'resource:default/edge-eu-1',
      });

      expect(res.status).toBe(200);
      expect(res.body.output).toEqual({
        ref: 'resource:default/edge-eu-1',
        role: 'edge',
        clusterLabel: 'edge-eu-1',
        chartVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        fileName: 'values-edge-eu-1.yaml',
        yaml: expect.stringContaining('agentMode: true'),
        helmCommand: expect.stringMatching(
          /^helm upgrade --install .* --namespace observability .*--values values-edge-eu-1\.yaml$/,
        ),
      });
      expect(res.body.output.yaml).toContain(`url: ${WRITE_URL}`);
      expect(res.body.output.helmCommand).toContain(
        `--version ${res.body.output.chartVersion}`,
      );
    });

    it('says what to configure on a global that is not a Prometheus, and what its edges send', async () => {
      const global = await as(alice).invoke(CLUSTER_VALUES, {
        cluster: 'global-us',
      });

      expect(global.status).toBe(200);
      expect(global.body.output).toMatchObject({
        role: 'global',
        engine: 'mimir',
        onboarding: expect.stringMatching(
          /^Grafana Mimir receives the edges' remote write itself/,
        ),
        helmCommand: expect.stringMatching(/^# Nothing to install/),
      });
      const edge = await as(alice).invoke(CLUSTER_VALUES, {
        cluster: 'edge-us-1',
      });
      expect(edge.body.output.engine).toBe('mimir');
      expect(edge.body.output.yaml).toContain('X-Scope-OrgID: anonymous');
    });

    it('passes the conflict on for a cluster whose problems block values', async () => {
      const res = await as(alice).invoke(CLUSTER_VALUES, {
        cluster: 'edge-bad',
      });

      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
      expect(res.body.error.message).toContain(
        'Cannot generate values for resource:default/edge-bad: Cluster label "not a label!" is not a valid label value',
      );
    });
  });

  describe('what a user may read', () => {
    it('counts and lists only the clusters the user may read', async () => {
      const res = await as(bob).invoke(FLEET_HEALTH, {});

      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        edgeCount: 2,
        counts: {
          critical: 1,
          silent: 1,
          warning: 0,
          unknown: 0,
          pending: 0,
          healthy: 0,
          'not-polled': 0,
        },
      });
      expect(res.body.output.edges.map((e: any) => e.ref)).toEqual([
        'resource:default/edge-eu-3',
        'resource:default/edge-eu-2',
      ]);
      expect(res.body.output.problems.map((p: any) => [p.ref, p.code])).toEqual(
        [['resource:default/edge-eu-2', 'remote-write-drift']],
      );
    });

    it('narrows to a global the user may not read, that their edges write to', async () => {
      const res = await as(bob).invoke(FLEET_HEALTH, { global: 'global-eu' });

      expect(res.status).toBe(200);
      expect(res.body.output.edgeCount).toBe(2);
      expect(res.body.output.problems.map((p: any) => p.code)).toEqual([
        'remote-write-drift',
      ]);
    });

    it.each([CLUSTER_HEALTH, CLUSTER_VALUES])(
      '%s answers not found for a cluster the user may not read, as for one that does not exist',
      async id => {
        const hidden = await as(bob).invoke(id, { cluster: 'edge-eu-1' });
        const missing = await as(bob).invoke(id, { cluster: 'edge-eu-9' });

        expect(hidden.status).toBe(404);
        expect(hidden.body.error).toMatchObject({
          name: 'NotFoundError',
          message: 'No cluster resource:default/edge-eu-1 in the catalog.',
        });
        expect(missing.body.error.message).toBe(
          'No cluster resource:default/edge-eu-9 in the catalog.',
        );
        expect(JSON.stringify(hidden.body)).not.toContain('healthy');
        expect(JSON.stringify(hidden.body)).not.toContain('agentMode');
      },
    );

    it('gives the user an edge they may read, naming a global they may not', async () => {
      const res = await as(bob).invoke(CLUSTER_HEALTH, {
        cluster: 'edge-eu-3',
      });

      expect(res.status).toBe(200);
      expect(res.body.output).toMatchObject({
        ref: 'resource:default/edge-eu-3',
        global: 'resource:default/global-eu',
        globalReadable: false,
        health: { status: 'critical' },
      });
      const values = await as(bob).invoke(CLUSTER_VALUES, {
        cluster: 'edge-eu-3',
      });
      expect(values.status).toBe(200);
      expect(values.body.output.yaml).toContain(`url: ${WRITE_URL}`);
    });
  });

  describe('who may call them', () => {
    const ids = [FLEET_HEALTH, CLUSTER_HEALTH, CLUSTER_VALUES];
    const input = { cluster: 'edge-eu-1' };

    it.each(ids)('refuses anonymous calls of %s', async id => {
      const res = await invokeWith(mockCredentials.none.header())(id, input);

      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain('edge-eu-1');
    });

    it('refuses to list the actions to anonymous callers', async () => {
      const res = await api
        .get(ACTIONS)
        .set('Authorization', mockCredentials.none.header());

      expect(res.status).toBe(401);
    });

    it.each(ids)(
      'refuses service principals on %s, which would see every entity',
      async id => {
        const res = await invokeWith(mockCredentials.service.header())(
          id,
          id === FLEET_HEALTH ? {} : input,
        );

        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(res.body.error.message).toContain(
          'The prometheus-fleet actions answer users only, not a service principal',
        );
        expect(JSON.stringify(res.body)).not.toContain('agentMode');
      },
    );
  });

  describe('input errors', () => {
    it('rejects a status that is not a health status, naming the allowed ones', async () => {
      const res = await as(alice).invoke(FLEET_HEALTH, { status: 'broken' });

      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(
        `Invalid input to action "${FLEET_HEALTH}"`,
      );
      expect(res.body.error.message).toContain('status');
      expect(res.body.error.message).toContain(
        "Expected 'critical' | 'silent' | 'warning' | 'unknown' | 'pending' | 'healthy', received 'broken'",
      );
    });

    it('rejects a limit over the maximum', async () => {
      const res = await as(alice).invoke(FLEET_HEALTH, { limit: 1000 });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('limit');
      expect(res.body.error.message).toContain('100');
    });

    it.each([CLUSTER_HEALTH, CLUSTER_VALUES])(
      '%s rejects a missing cluster',
      async id => {
        const res = await as(alice).invoke(id, {});

        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain('cluster');
        expect(res.body.error.message).toContain('Required');
      },
    );

    it.each([CLUSTER_HEALTH, CLUSTER_VALUES])(
      '%s rejects a ref of another kind than resource',
      async id => {
        const res = await as(alice).invoke(id, {
          cluster: 'component:default/edge-eu-1',
        });

        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
          name: 'InputError',
          message:
            'cluster: "component:default/edge-eu-1" is a component ref, but fleet clusters are Resource entities: give the cluster\'s name or a ref such as resource:default/edge-eu-1.',
        });
      },
    );

    it.each([
      [
        'a ref that does not parse',
        'resource:default/',
        'is neither a cluster name nor an entity ref',
      ],
      ['an invalid name', '-edge-', '"-edge-" is not a valid entity name'],
      [
        'an invalid namespace',
        'Not_A_Namespace/edge-eu-1',
        'is not a valid entity namespace',
      ],
    ])('rejects %s', async (_what, cluster, message) => {
      const res = await as(alice).invoke(CLUSTER_HEALTH, { cluster });

      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
    });

    it('rejects a global filter naming an edge, or another kind', async () => {
      const edge = await as(alice).invoke(FLEET_HEALTH, {
        global: 'edge-eu-1',
      });
      const group = await as(alice).invoke(FLEET_HEALTH, {
        global: 'group:default/platform',
      });

      expect(edge.status).toBe(400);
      expect(edge.body.error.message).toBe(
        'global: resource:default/edge-eu-1 is an edge, not a global; its global is resource:default/global-eu.',
      );
      expect(group.status).toBe(400);
      expect(group.body.error.message).toContain(
        'global: "group:default/platform" is a group ref',
      );
    });

    it('answers not found for a global not in the fleet the user sees', async () => {
      const res = await as(bob).invoke(FLEET_HEALTH, { global: 'global-us' });

      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'No global resource:default/global-us in the fleet.',
      );
    });
  });
});
