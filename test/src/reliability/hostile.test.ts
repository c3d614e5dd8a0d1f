import { Entity } from '@backstage/catalog-model';
import {
  buildQueueHealthQueries,
  ClusterView,
  FleetProblem,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import { parse } from 'yaml';
import { waitFor } from '../rig/prometheusApi';
import { FakeGlobal, startFakeGlobal } from './__testUtils__/fakeGlobal';
import { printFigure } from './__testUtils__/figures';
import { rigCatalog } from '../rig/rigCatalog';
import {
  catalogRejection,
  CorpusEntry,
  loadHostileCorpus,
  refOf,
} from './__testUtils__/hostileCorpus';
import { createTestDatabase, TestDatabase } from './__testUtils__/postgres';
import {
  RecordingServer,
  startRecordingServer,
} from './__testUtils__/recordingServer';
import {
  ReliabilityBackend,
  startReliabilityBackend,
} from './__testUtils__/reliabilityBackend';
import {
  pollingConfig,
  RELIABILITY_WINDOWS,
} from './__testUtils__/pollingConfig';

/**
 * The hostile corpus (test/fixtures/hostile) served by a mock catalog, which
 * unlike the real one validates nothing, to the backend polling a global and
 * recording into PostgreSQL. Each entity yields the problems it declares,
 * none of its values reaches the generated values or the PromQL, and no
 * route answers 5xx for any of them.
 */

const ENDPOINT = 'corpus-global';
const CONTROL_EDGES = ['edge-good-1', 'edge-good-2'];
const API = '/api/prometheus-fleet';
/**
 * Cluster labels the global reports that no catalog cluster has: what an
 * edge's operator can put in its external labels reaches the backend too.
 */
const ORPHANS = ['ghost\u0000nul', 'ghost\u202eevil', 'x"}) or vector(1)'];

/**
 * What would turn a comment or a value into more YAML for some parser (YAML
 * 1.1, as Helm's, breaks lines at NEL, U+2028 and U+2029), or hide text:
 * control, zero-width and bidirectional characters.
 */
const UNSAFE_IN_YAML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

/** Strings of the corpus that must never reach values: they only come from hostile entities. */
const HOSTILE_MARKERS = [
  'vector(1)',
  '=~',
  'evil',
  '/etc/passwd',
  'python',
  'alert(1)',
  'gopher:',
  '169.254.',
  '&anchor',
  'pass@',
  'X-Evil',
];

const print = (text: string) => printFigure('hostile input', text);

/** Every string in a JSON value, and every key path. */
function walk(
  value: unknown,
  path: string[] = [],
  out = { strings: [] as string[], paths: [] as string[] },
) {
  if (typeof value === 'string') out.strings.push(value);
  else if (Array.isArray(value))
    value.forEach((item, i) => walk(item, [...path, String(i)], out));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.paths.push([...path, key].join('.'));
      out.strings.push(key);
      walk(item, [...path, key], out);
    }
  }
  return out;
}

describe('hostile catalog input', () => {
  let recorder: RecordingServer;
  let global: FakeGlobal;
  let db: TestDatabase;
  let backend: ReliabilityBackend;
  let corpus: CorpusEntry[];
  let control: Entity[];
  let served: Entity[];
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];
  const formatsDisagree: string[] = [];
  const valuesServed: Array<{
    ref: string;
    role: string;
    yaml: string;
    json: Record<string, unknown>;
  }> = [];

  async function get(path: string) {
    const res = await backend.api.get(`${API}${path}`);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) serverErrors.push(`${path}: ${res.status}`);
    return res;
  }

  beforeAll(async () => {
    recorder = await startRecordingServer();
    corpus = loadHostileCorpus({ recorderUrl: recorder.url });
    global = await startFakeGlobal({
      edges: () => CONTROL_EDGES,
      orphans: () => ORPHANS,
      remoteName: 'fleet-global-eu',
      writeUrl: 'https://prom.global-eu.example.com/api/v1/write',
      windows: RELIABILITY_WINDOWS,
    });
    control = rigCatalog({
      globalName: 'global-eu',
      queryEndpoint: ENDPOINT,
      remoteWriteUrl: 'https://prom.global-eu.example.com/api/v1/write',
      edgeNames: CONTROL_EDGES,
    });
    served = [
      ...control,
      ...corpus.flatMap(entry => (entry.entity ? [entry.entity] : [])),
    ];
    db = await createTestDatabase();
    backend = await startReliabilityBackend({
      entities: served,
      postgres: db.connection,
      prometheusFleet: pollingConfig({
        name: ENDPOINT,
        url: global.url,
        timeout: '2s',
      }),
    });
    // Polled with the corpus in the fleet, and recorded.
    await waitFor(
      'the control edges polled',
      async () => {
        const res = await backend.api.get(`${API}/clusters`);
        const healthy = (res.body.items as ClusterView[]).filter(
          c => CONTROL_EDGES.includes(c.name) && c.health?.status === 'healthy',
        );
        return healthy.length === CONTROL_EDGES.length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await global?.close();
    await recorder?.close();
    await db?.drop();
  }, 60_000);

  it('holds at least 50 hostile entities, each saying what it must yield', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    for (const entry of corpus) {
      expect([entry.file, entry.expect.length > 0]).toEqual([entry.file, true]);
    }
  });

  it('yields for each entity exactly the problems it declares', async () => {
    const problems: Array<FleetProblem | ObservedProblem> = (
      await get('/problems')
    ).body.items;
    const seen = new Set(control.map(refOf));
    const wrong: string[] = [];
    for (const entry of corpus) {
      const outcome = new Set<string>();
      if (!entry.entity) {
        outcome.add('yaml-error');
      } else {
        const ref = refOf(entry.entity);
        const duplicate = ref !== undefined && seen.has(ref);
        if (ref) seen.add(ref);
        if (duplicate) outcome.add('duplicate-entity');
        if (await catalogRejection(entry.entity)) outcome.add('invalid-entity');
        // A duplicate is not in the fleet itself: the first entity is.
        // Orphans are what the polled global reports, tested below.
        if (!duplicate) {
          for (const p of problems.filter(item => item.ref === ref)) {
            if (p.code !== 'orphan-cluster') outcome.add(p.code);
          }
        }
      }
      const got = [...outcome].sort();
      if (got.join() !== entry.expect.join()) {
        wrong.push(`${entry.file}: expected ${entry.expect}, got ${got}`);
      }
    }
    expect(wrong).toEqual([]);
    const byCode = new Map<string, number>();
    for (const code of corpus.flatMap(entry => entry.expect)) {
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
    print(
      `${corpus.length} hostile inputs (${
        corpus.filter(e => e.entity).length
      } entities, ${
        corpus.filter(e => !e.entity).length
      } files that do not load), each yielding the problems it declares: ${[
        ...byCode,
      ]
        .sort(([, a], [, b]) => b - a)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ')}`,
    );
  }, 60_000);

  it('answers every route for every entity without a 5xx', async () => {
    await get('/clusters');
    await get('/problems');
    for (const entity of served) {
      const metadata = (entity.metadata ?? {}) as Record<string, unknown>;
      const segment = (value: unknown) =>
        encodeURIComponent(typeof value === 'string' ? value : String(value));
      const base = `/clusters/${segment(
        metadata.namespace ?? 'default',
      )}/${segment(metadata.name)}`;
      await get(base);
      await get(`${base}/health`);
      const yaml = await get(`${base}/values`);
      const json = await get(`${base}/values?format=json`);
      if (yaml.status !== json.status) {
        formatsDisagree.push(`${base}: ${yaml.status}, ${json.status}`);
      } else if (yaml.status === 200) {
        valuesServed.push({
          ref: json.body.ref,
          role: json.body.role,
          yaml: yaml.text,
          json: json.body.values,
        });
      }
    }
    expect(serverErrors).toEqual([]);
    expect(formatsDisagree).toEqual([]);
    const requests = [...statuses.values()].reduce((a, b) => a + b, 0);
    print(
      `${requests} API requests over every route for ${
        served.length
      } entities: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${n} × ${status}`)
        .join(', ')}; ${serverErrors.length} answered 5xx`,
    );
  }, 120_000);

  it('never writes a value of theirs into generated values', () => {
    // A global's rules hold one expected-edge rule per edge it has: their
    // shape, not their number, is what a hostile entity must not change.
    const shape = (paths: string[]) => [
      ...new Set(paths.map(p => p.replace(/\.rules\.\d+\./, '.rules.*.'))),
    ];
    const shapeOf = (role: string) =>
      shape(
        walk(
          valuesServed.find(
            v =>
              v.ref ===
              `resource:default/${
                role === 'edge' ? 'edge-good-1' : 'global-eu'
              }`,
          )!.json,
        ).paths,
      );
    // The rules' PromQL is the project's own, the same for every global: a
    // global's expressions must be the control global's, word for word.
    const ruleExpressions = (json: unknown) =>
      (
        ((json as any).additionalPrometheusRulesMap?.['prometheus-fleet']
          ?.groups ?? []) as Array<{ rules: Array<{ expr: string }> }>
      ).flatMap(group => group.rules.map(rule => rule.expr));
    const controlExpressions = new Set(
      ruleExpressions(
        valuesServed.find(v => v.ref === 'resource:default/global-eu')!.json,
      ),
    );
    const problems: string[] = [];
    for (const { ref, role, yaml, json } of valuesServed) {
      for (const expr of ruleExpressions(json)) {
        if (!controlExpressions.has(expr)) {
          problems.push(`${JSON.stringify(ref)}: rule ${JSON.stringify(expr)}`);
        }
      }
      const { strings, paths } = walk(json);
      const unsafe = UNSAFE_IN_YAML.exec(yaml);
      if (unsafe) {
        problems.push(
          `${JSON.stringify(ref)}: the YAML holds U+${unsafe[0]
            .charCodeAt(0)
            .toString(16)
            .padStart(4, '0')}`,
        );
      }
      // What a YAML parser reads is exactly the JSON values: no comment or
      // scalar became more YAML.
      expect(parse(yaml, { uniqueKeys: true })).toEqual(json);
      // No key the control cluster of its role lacks: nothing was added.
      expect([
        ref,
        shape(paths).filter(path => !shapeOf(role).includes(path)),
      ]).toEqual([ref, []]);
      for (const text of strings.filter(s => !controlExpressions.has(s))) {
        if (/[^\x20-\x7e]/.test(text)) {
          problems.push(`${JSON.stringify(ref)}: ${JSON.stringify(text)}`);
        }
        const marker = HOSTILE_MARKERS.find(m => text.includes(m));
        if (marker) problems.push(`${JSON.stringify(ref)}: ${marker}`);
      }
    }
    expect(problems).toEqual([]);
    expect(valuesServed.length).toBeGreaterThan(3);
    const hostile = valuesServed.filter(
      v => !control.some(e => refOf(e) === v.ref),
    );
    print(
      `values generated for ${valuesServed.length} clusters (${
        hostile.length
      } of them hostile entities the fleet found usable, e.g. ${hostile
        .slice(0, 3)
        .map(v => JSON.stringify(v.ref))
        .join(
          ', ',
        )}): no control, invisible or line-breaking character in the YAML, YAML equal to the JSON, keys as the control clusters', no hostile string in any value`,
    );
  });

  it('sends only the fixed queue-health queries, none with a catalog value', () => {
    const fixed = new Set(
      buildQueueHealthQueries(RELIABILITY_WINDOWS).map(query => query.promql),
    );
    const sent = global.queries();
    const cycles = new Map<number, number>();
    for (const query of sent) {
      cycles.set(query.time, (cycles.get(query.time) ?? 0) + 1);
    }
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter(query => !fixed.has(query.promql))).toEqual([]);
    expect(new Set(cycles.values())).toEqual(new Set([6]));
    print(
      `PromQL: ${sent.length} queries in ${cycles.size} cycles, all ${fixed.size} of the fixed set (6 per cycle), none holding a catalog value`,
    );
  });

  it('records what the global reports, whatever its labels hold', async () => {
    const problems: Array<FleetProblem | ObservedProblem> = (
      await get('/problems')
    ).body.items;
    const orphans = problems.filter(
      p =>
        p.ref === 'resource:default/global-eu' && p.code === 'orphan-cluster',
    );
    // Escaped: a NUL, which PostgreSQL text cannot hold, failed the cycle's
    // whole transaction; a right-to-left override reordered the message.
    expect(orphans.map(p => p.message).sort()).toEqual([
      expect.stringContaining('cluster="ghost\\u0000nul"'),
      expect.stringContaining('cluster="ghost\\u202eevil"'),
      expect.stringContaining('cluster="x"}) or vector(1)"'),
    ]);
  });

  it('leaves the rest of the fleet as it was', async () => {
    for (const name of CONTROL_EDGES) {
      const cluster = (await get(`/clusters/default/${name}`)).body;
      expect(cluster).toMatchObject({
        global: 'resource:default/global-eu',
        problems: [],
        health: { status: 'healthy', reasons: [] },
      });
    }
    const values = (
      await get('/clusters/default/edge-good-1/values?format=json')
    ).body;
    expect(
      (values.values as any).prometheus.prometheusSpec.remoteWrite[0].url,
    ).toBe('https://prom.global-eu.example.com/api/v1/write');
    const errors = backend.logger
      .ofPlugin('prometheus-fleet')
      .filter(line => line.level === 'error');
    expect(errors).toEqual([]);
  });
});
