import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { GeneratedValues } from 'backstage-plugin-prometheus-fleet-common';
import {
  PrometheusMajor,
  prometheusBinaries,
  prometheusVersion,
  promtoolCheckConfig,
} from '../rig/binaries';
import {
  RenderedPrometheus,
  renderPrometheusConfig,
  ResourceRenderOptions,
} from '../rig/renderPrometheusConfig';
import {
  readAdditionalScrapeConfigs,
  renderPrometheusConfigFromResource,
} from '../rig/renderPrometheusConfigFromResource';
import { writePrometheusConfig } from '../rig/writePrometheusConfig';
import { ChartCase, chartCases, YAML_1_1_LOOKALIKES } from './chartCases';
import { CrdValidator } from './crdValidator';
import { keysWithoutEffect, leafPathsOutsideSpec } from './keysWithoutEffect';
import { formatPath, leavesNotCarriedOver } from './leaves';
import { mapConcurrently } from './mapConcurrently';
import { startsWithFlags } from './startsWithFlags';
import { chartCrds, RenderedRelease, renderChart } from './vendoredChart';

/** The operator renders per Prometheus version, and each line reads config and flags its own way. */
const MAJORS: PrometheusMajor[] = [3, 2];
/** The machine's cores: Helm, promtool and Prometheus each keep one busy. */
const CONCURRENCY = 2;

const cases = chartCases();
function byName(name: string): ChartCase {
  const found = cases.find(c => c.name === name);
  if (!found) throw new Error(`No case is named ${name}`);
  return found;
}
const exampleEdge = byName('examples/fleet edge-eu-1');
const exampleGlobal = byName('examples/fleet global-eu');

let workDir: string;
/** Starts check flags only: promtool checks each config. */
let minimalConfig: string;
let crds: CrdValidator;
const versions = {} as Record<PrometheusMajor, string>;
const renders = new Map<string, RenderedRelease>();

beforeAll(async () => {
  // Fails every test with the install hint rather than skipping them.
  for (const major of MAJORS) {
    versions[major] = await prometheusVersion(
      prometheusBinaries(major).promtool,
      major,
    );
  }
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'prometheus-fleet-chart-'));
  minimalConfig = path.join(workDir, 'minimal.yml');
  await fs.writeFile(minimalConfig, 'global: {}\n');
  crds = CrdValidator.create(await chartCrds(workDir));
  await mapConcurrently(cases, CONCURRENCY, async chartCase => {
    renders.set(
      chartCase.name,
      await renderChart(chartCase.generated.yaml, chartCase.release, workDir),
    );
  });
}, 120_000);

afterAll(async () => {
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

/** The first item of each key, in order. */
function firstOfEach<T>(items: T[], keyOf: (item: T) => string): T[] {
  const firsts = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (!firsts.has(key)) firsts.set(key, item);
  }
  return [...firsts.values()];
}

function rendered(chartCase: ChartCase): RenderedRelease {
  return renders.get(chartCase.name)!;
}

function prometheusValues(generated: GeneratedValues) {
  return (generated.values as { prometheus: Record<string, any> }).prometheus;
}

function renderOptions(
  dir: string,
  major: PrometheusMajor,
): ResourceRenderOptions {
  return {
    listenAddress: '127.0.0.1:9090',
    tlsAssetsDir: path.join(dir, 'certs'),
    prometheusVersion: versions[major],
    secretValue: ({ name, key }) => `${name}/${key}`,
  };
}

interface OperatorConfig {
  rendered: RenderedPrometheus;
  configFile: string;
  dir: string;
}

const operatorConfigs = new Map<string, Promise<OperatorConfig>>();

/** What the operator would make of the case's resource for one Prometheus line, written once. */
function operatorConfig(
  chartCase: ChartCase,
  major: PrometheusMajor,
): Promise<OperatorConfig> {
  const key = `${major} ${chartCase.name}`;
  if (!operatorConfigs.has(key)) {
    operatorConfigs.set(
      key,
      (async () => {
        const dir = await fs.mkdtemp(path.join(workDir, `operator-${major}-`));
        const { prometheus, manifests } = rendered(chartCase);
        const config = renderPrometheusConfigFromResource(
          prometheus,
          manifests,
          renderOptions(dir, major),
        );
        const configFile = path.join(dir, 'prometheus.yml');
        await writePrometheusConfig(config, configFile);
        return { rendered: config, configFile, dir };
      })(),
    );
  }
  return operatorConfigs.get(key)!;
}

describe.each(cases.map(c => [c.name, c] as const))(
  '%s, rendered by the chart',
  (_name, chartCase) => {
    const agentMode = prometheusValues(chartCase.generated).agentMode === true;

    it(`is ${
      agentMode ? 'a PrometheusAgent' : 'a Prometheus'
    } that the chart's CRDs take as is, as every custom resource of the release`, () => {
      const { prometheus, manifests } = rendered(chartCase);
      expect(prometheus.kind).toBe(
        agentMode ? 'PrometheusAgent' : 'Prometheus',
      );
      expect(
        manifests
          .filter(object => crds.covers(object))
          .flatMap(object => crds.problems(object)),
      ).toEqual([]);
    });

    it('carries every prometheusSpec value into the resource unchanged, the scrape jobs into their Secret', () => {
      const { additionalScrapeConfigs, ...spec } = prometheusValues(
        chartCase.generated,
      ).prometheusSpec;
      const { prometheus, manifests } = rendered(chartCase);
      expect(leavesNotCarriedOver(spec, prometheus.spec)).toEqual([]);
      expect(readAdditionalScrapeConfigs(prometheus, manifests)).toStrictEqual(
        additionalScrapeConfigs,
      );
    });

    it.each(MAJORS)(
      'gives Prometheus %s the config the values give, which promtool check config accepts',
      async major => {
        const {
          rendered: fromResource,
          configFile,
          dir,
        } = await operatorConfig(chartCase, major);
        const fromValues = renderPrometheusConfig(chartCase.generated, {
          ...renderOptions(dir, major),
          releaseName: chartCase.release.name,
          namespace: chartCase.release.namespace,
        });
        // The chart also sets the TSDB's out-of-order window, which the values leave alone.
        const { storage: _storage, ...config } = fromResource.config;
        expect(config).toEqual(fromValues.config);
        expect(fromResource.flags).toEqual(fromValues.flags);

        const result = await promtoolCheckConfig(configFile, {
          agent: agentMode,
          promtool: prometheusBinaries(major).promtool,
        });
        expect(result.output).toContain('SUCCESS');
        expect(result.exitCode).toBe(0);
      },
    );
  },
);

describe('what the chart makes of the values as a whole', () => {
  it('covers every cluster of examples/fleet but the one broken on purpose', () => {
    expect(
      cases.filter(c => c.name.startsWith('examples/fleet')).map(c => c.name),
    ).toEqual([
      'examples/fleet global-eu',
      'examples/fleet edge-eu-1',
      'examples/fleet edge-eu-2',
      'examples/fleet edge-us-1',
    ]);
  });

  it('every edge leaves out what agent mode cannot run: Alertmanager, rules, Grafana', () => {
    const runningAtAnEdge = cases
      .filter(c => c.generated.role === 'edge')
      .flatMap(chartCase =>
        rendered(chartCase)
          .manifests.filter(
            object =>
              ['Alertmanager', 'PrometheusRule'].includes(object.kind) ||
              (object.metadata as { labels?: Record<string, string> }).labels?.[
                'app.kubernetes.io/name'
              ] === 'grafana',
          )
          .map(
            object =>
              `${chartCase.name}: ${object.kind} ${object.metadata.name}`,
          ),
      );
    expect(runningAtAnEdge).toEqual([]);
  });

  it.each(
    firstOfEach(cases, c =>
      leafPathsOutsideSpec(c.generated.yaml).map(formatPath).join(' '),
    ).map(c => [c.name, c] as const),
  )(
    'every key of %s outside prometheusSpec changes what the chart renders, as in each case with the same keys',
    async (_name, chartCase) => {
      await expect(
        keysWithoutEffect(
          chartCase.generated.yaml,
          chartCase.release,
          workDir,
          CONCURRENCY,
        ),
      ).resolves.toEqual([]);
    },
  );

  it.each(MAJORS)(
    'Prometheus %s starts with every set of flags the operator renders for the values',
    async major => {
      const configs = await Promise.all(
        cases.map(
          async chartCase => (await operatorConfig(chartCase, major)).rendered,
        ),
      );
      const refused = await mapConcurrently(
        firstOfEach(configs, config => config.flags.join(' ')),
        CONCURRENCY,
        async ({ flags, agentMode }) => {
          const attempt = await startsWithFlags(
            prometheusBinaries(major).prometheus,
            {
              configFile: minimalConfig,
              flags,
              agentMode,
              dataDir: await fs.mkdtemp(path.join(workDir, 'data-')),
            },
          );
          return attempt.started
            ? []
            : [`${flags.join(' ')}: ${attempt.output.trim().split('\n')[0]}`];
        },
      );
      expect(refused.flat()).toEqual([]);
    },
  );
});

describe('YAML 1.1 lookalikes: values Helm would read as booleans or numbers if unquoted', () => {
  it.each(YAML_1_1_LOOKALIKES.map(([edgeLabel]) => edgeLabel))(
    'an edge labelled %s, with that tenant, keeps both as strings in its PrometheusAgent',
    label => {
      const { prometheus } = rendered(
        byName(`edge labelled ${label}, tenant ${label}`),
      );
      const spec = prometheus.spec as Record<string, any>;
      expect(spec.externalLabels.cluster).toBe(label);
      expect(spec.remoteWrite[0].headers['X-Scope-OrgID']).toBe(label);
    },
  );

  it.each(YAML_1_1_LOOKALIKES.map(([, globalLabel]) => globalLabel))(
    'a global labelled %s keeps it as a string in its Prometheus',
    label => {
      const { prometheus } = rendered(byName(`global labelled ${label}`));
      const spec = prometheus.spec as Record<string, any>;
      expect(spec.externalLabels.cluster).toBe(label);
      expect(spec.scrapeClasses[0].relabelings[0].replacement).toBe(label);
    },
  );
});

describe('remote-write 2.0', () => {
  const edge = byName('remote-write 2.0 edge');
  const global = byName('remote-write 2.0 global');

  it('edges send io.prometheus.write.v2.Request from Prometheus 3; 2.42 has no such message', async () => {
    expect(
      prometheusValues(edge.generated).prometheusSpec.remoteWrite[0]
        .messageVersion,
    ).toBe('V2.0');
    const v3 = (await operatorConfig(edge, 3)).rendered;
    expect((v3.config.remote_write as any[])[0].protobuf_message).toBe(
      'io.prometheus.write.v2.Request',
    );
    const v2 = (await operatorConfig(edge, 2)).rendered;
    expect((v2.config.remote_write as any[])[0]).not.toHaveProperty(
      'protobuf_message',
    );
    expect(v2.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('messageVersion needs Prometheus 2.54.0'),
      ]),
    );
  });

  it("the global keeps Prometheus 3's default of accepting both messages, without the flag it refuses", async () => {
    expect(
      prometheusValues(global.generated).prometheusSpec,
    ).not.toHaveProperty('remoteWriteReceiverMessageVersions');
    const v3 = (await operatorConfig(global, 3)).rendered;
    expect(v3.flags).toEqual(['--web.enable-remote-write-receiver']);
  });
});

describe('negative controls: the checks fail when the values are wrong', () => {
  function exampleEdgeWith(valuesPath: Array<string | number>, value: unknown) {
    const document = parseDocument(exampleEdge.generated.yaml);
    document.setIn(valuesPath, value);
    return document.toString();
  }

  it('a misspelt remote-write field is one the API server would prune', async () => {
    const { prometheus } = await renderChart(
      exampleEdgeWith(
        ['prometheus', 'prometheusSpec', 'remoteWrite', 0, 'queueConfg'],
        { maxShards: 5 },
      ),
      exampleEdge.release,
      workDir,
    );
    expect(crds.problems(prometheus)).toEqual([
      'PrometheusAgent monitoring/kube-prometheus-stack-prometheus: /spec/remoteWrite/0 has queueConfg, which the API server would prune',
    ]);
  });

  it('a number where the CRD wants a string is rejected', async () => {
    const { prometheus } = await renderChart(
      exampleEdgeWith(
        ['prometheus', 'prometheusSpec', 'externalLabels', 'cluster'],
        42,
      ),
      exampleEdge.release,
      workDir,
    );
    expect(crds.problems(prometheus)).toEqual([
      'PrometheusAgent monitoring/kube-prometheus-stack-prometheus: /spec/externalLabels/cluster must be string',
    ]);
  });

  it('an unquoted yes reaches the resource as a boolean', async () => {
    const chartCase = byName('edge labelled yes, tenant yes');
    // A YAML 1.2 writer leaves yes plain; Helm reads YAML 1.1.
    const unquoted = stringify(chartCase.generated.values);
    expect(unquoted).toContain('cluster: yes');
    const { prometheus } = await renderChart(
      unquoted,
      chartCase.release,
      workDir,
    );
    expect(crds.problems(prometheus)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/spec/externalLabels/cluster must be string'),
      ]),
    );
    const { additionalScrapeConfigs: _jobs, ...spec } = prometheusValues(
      chartCase.generated,
    ).prometheusSpec;
    expect(leavesNotCarriedOver(spec, prometheus.spec)).toEqual(
      expect.arrayContaining(['externalLabels.cluster: "yes" became true']),
    );
  });

  it('a prometheusSpec key the chart does not pass on is reported', async () => {
    const { prometheus } = await renderChart(
      exampleEdgeWith(
        ['prometheus', 'prometheusSpec', 'remoteWriteReciever'],
        true,
      ),
      exampleEdge.release,
      workDir,
    );
    expect(
      leavesNotCarriedOver({ remoteWriteReciever: true }, prometheus.spec),
    ).toEqual(['remoteWriteReciever: true became nothing']);
  });

  it('Prometheus 3 refuses to start with the flag the operator writes for accepting both remote-write messages', async () => {
    const global = structuredClone(exampleGlobal.generated);
    prometheusValues(global).prometheusSpec.remoteWriteReceiverMessageVersions =
      ['V1.0', 'V2.0'];
    const dir = await fs.mkdtemp(path.join(workDir, 'both-messages-'));
    const { flags } = renderPrometheusConfig(global, renderOptions(dir, 3));
    const attempt = await startsWithFlags(prometheusBinaries(3).prometheus, {
      configFile: minimalConfig,
      flags,
      agentMode: false,
      dataDir: path.join(dir, 'data'),
    });
    expect(attempt.started).toBe(false);
    expect(attempt.output).toContain(
      'unknown remote write protobuf message prometheus.WriteRequest,io.prometheus.write.v2.Request',
    );
  });

  it('a misspelt key outside prometheusSpec has no effect, and is reported', async () => {
    await expect(
      keysWithoutEffect(
        exampleEdgeWith(['grafana', 'enable'], false),
        exampleEdge.release,
        workDir,
        CONCURRENCY,
      ),
    ).resolves.toEqual(['grafana.enable']);
  });
});
