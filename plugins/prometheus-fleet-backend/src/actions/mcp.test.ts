import { actionsServiceFactory } from '@backstage/backend-defaults/alpha';
import { mockCredentials, TestBackend } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import request from 'supertest';
import { alice, bob, startFleetBackend } from './__testUtils__/actionsFleet';

/**
 * The path an AI assistant takes: the MCP actions backend lists the
 * registry's actions as tools and calls them on behalf of the signed-in user.
 */
describe('prometheus-fleet actions through MCP', () => {
  let backend: TestBackend;
  let api: ReturnType<typeof request>;

  /** One JSON-RPC call to the Streamable HTTP endpoint; its one SSE message. */
  async function rpc(authorization: string, method: string, params = {}) {
    const res = await api
      .post('/api/mcp-actions/v1')
      .set('Authorization', authorization)
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method, params });
    expect(res.status).toBe(200);
    const data = res.text.split('\n').find(line => line.startsWith('data: '));
    return JSON.parse(data!.slice('data: '.length)).result;
  }
  const callTool = (
    authorization: string,
    name: string,
    args: Record<string, unknown>,
  ) => rpc(authorization, 'tools/call', { name, arguments: args });

  beforeAll(async () => {
    backend = await startFleetBackend(
      [mcpActionsPlugin, actionsServiceFactory],
      {
        backend: { actions: { pluginSources: ['prometheus-fleet'] } },
      },
    );
    api = request(backend.server);
  });

  afterAll(async () => {
    await backend.stop();
  });

  it('lists the three actions as read-only tools', async () => {
    const { tools } = await rpc(
      mockCredentials.user.header(alice),
      'tools/list',
    );

    expect(tools.map((t: { name: string }) => t.name).sort()).toEqual([
      'prometheus-fleet.get-cluster-health',
      'prometheus-fleet.get-cluster-values',
      'prometheus-fleet.get-fleet-health',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
    }
  });

  it("answers each user with what they may read, on the user's own credentials", async () => {
    const asBob = await callTool(
      mockCredentials.user.header(bob),
      'prometheus-fleet.get-fleet-health',
      {},
    );
    const asAlice = await callTool(
      mockCredentials.user.header(alice),
      'prometheus-fleet.get-fleet-health',
      {},
    );

    expect(asBob.isError).toBeFalsy();
    expect(asBob.structuredContent).toMatchObject({
      edgeCount: 2,
      counts: { critical: 1, silent: 1, healthy: 0 },
    });
    expect(asAlice.structuredContent).toMatchObject({
      edgeCount: 5,
      counts: { critical: 1, silent: 1, healthy: 1 },
    });
  });

  it('gives the assistant the not-found error for a cluster the user may not read', async () => {
    const hidden = await callTool(
      mockCredentials.user.header(bob),
      'prometheus-fleet.get-cluster-health',
      { cluster: 'edge-eu-1' },
    );
    const readable = await callTool(
      mockCredentials.user.header(alice),
      'prometheus-fleet.get-cluster-health',
      { cluster: 'edge-eu-1' },
    );

    expect(hidden).toEqual({
      content: [
        {
          type: 'text',
          text: 'NotFoundError: No cluster resource:default/edge-eu-1 in the catalog.',
        },
      ],
      isError: true,
    });
    expect(readable.structuredContent.health.status).toBe('healthy');
  });

  it('refuses a service principal, such as a static external-access token', async () => {
    const res = await callTool(
      mockCredentials.service.header(),
      'prometheus-fleet.get-fleet-health',
      {},
    );

    expect(res.isError).toBe(true);
    expect(res.content[0].text).toMatch(
      /^NotAllowedError: The prometheus-fleet actions answer users only, not a service principal/,
    );
  });
});
