import { resolve } from 'node:path';
import { lintCommand } from './commands/lint';
import { valuesCommand } from './commands/values';
import { captureIo } from './testing';

/** The demo catalog the docs and the demo app use: keep it showing exactly one problem. */
const examples = resolve(__dirname, '../../../examples/fleet');

describe('examples/fleet', () => {
  it('has exactly the one intended problem: edge-broken has an invalid cluster label', async () => {
    const io = captureIo();
    await expect(lintCommand({ catalog: examples }, io)).resolves.toBe(1);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      'error [invalid-cluster-label] resource:default/edge-broken:',
    );
    expect(lines[1]).toBe('Fleet: 1 global, 4 edges. 1 error, 0 warnings.');
  });

  it.each([
    ['edge-eu-1', 'X-Scope-OrgID: payments'],
    ['edge-eu-2', 'url: http://127.0.0.1:19090/api/v1/write'],
    ['edge-us-1', 'url: http://127.0.0.1:19090/api/v1/write'],
    ['global-eu', 'enableRemoteWriteReceiver: true'],
  ])('generates values for %s', async (cluster, expected) => {
    const io = captureIo();
    await expect(
      valuesCommand({ catalog: examples, cluster }, io),
    ).resolves.toBe(0);
    expect(io.out()).toContain(expected);
    expect(io.err()).toMatch(/^helm upgrade --install [^\n]*\n$/);
  });
});
