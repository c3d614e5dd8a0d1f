import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Keeps `yarn bench` working: a quick run at 50 edges, with the generated
 * rules loaded for its second half, checking the figures
 * it reports, never their values against targets (that is what the full
 * runs in bench/RESULTS.md are for).
 */

const REPO_ROOT = path.resolve(__dirname, '../../..');
const EDGES = 50;

function runBench(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'yarn',
      ['bench', '--edges', String(EDGES), '--quick', '--rules'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', code => resolve({ code, output }));
  });
}

describe('yarn bench --quick --rules', () => {
  it('runs the whole bench and ends with its figures as one JSON line', async () => {
    const { code, output } = await runBench();
    const lines = output.trimEnd().split('\n');
    process.stdout.write(
      `${lines.filter(line => line.startsWith('[bench]')).join('\n')}\n`,
    );

    expect(code).toBe(0);
    const figures = JSON.parse(lines[lines.length - 1]);
    expect(figures).toMatchObject({
      edges: EDGES,
      queriesPerCycle: 6,
      cycleSeconds: expect.any(Number),
      naiveCycleSeconds: expect.any(Number),
      speedup: expect.any(Number),
      fleetApiP50Ms: expect.any(Number),
      fleetApiP95Ms: expect.any(Number),
      valuesPerSecond: expect.any(Number),
      fleetPageInteractiveMs: expect.any(Number),
      backendRssMb: expect.any(Number),
      selectionFloor: {
        seconds: expect.any(Number),
        prometheusCpuSeconds: expect.any(Number),
      },
      prometheusVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      rulesCycleSeconds: expect.any(Number),
      rawGlobalCpuSeconds: expect.any(Number),
      rulesGlobalCpuSeconds: expect.any(Number),
      ruleEvalCpuSecondsPerInterval: expect.any(Number),
    });
    // Through the recorded series: two queries, or three for edges they lack (the silent ones).
    for (const queries of figures.rulesQueriesPerCycle) {
      expect([2, 3]).toContain(queries);
    }
    // One fixed set of queries for the fleet beats a set per cluster.
    expect(figures.naiveCycleSeconds).toBeGreaterThan(figures.cycleSeconds);
  }, 300_000);
});
