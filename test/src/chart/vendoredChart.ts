import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_CHART_VERSION } from 'backstage-plugin-prometheus-fleet-common';
import { HELM_BIN, MissingBinaryError } from '../rig/binaries';
import { KubernetesObject } from '../rig/renderPrometheusConfigFromResource';
import { REPO_ROOT } from '../harness/paths';

/** The chart the values are written for, as test/fixtures/kube-prometheus-stack/README.md describes. */
export const VENDORED_CHART = path.join(
  REPO_ROOT,
  'test/fixtures/kube-prometheus-stack',
  `kube-prometheus-stack-${DEFAULT_CHART_VERSION}.tgz`,
);

/** Runs Helm offline, its cache, config and data under `workDir` rather than $HOME. */
function helm(args: string[], workDir: string): Promise<string> {
  const homes = {
    HELM_CACHE_HOME: path.join(workDir, 'helm-cache'),
    HELM_CONFIG_HOME: path.join(workDir, 'helm-config'),
    HELM_DATA_HOME: path.join(workDir, 'helm-data'),
  };
  return new Promise((resolve, reject) => {
    execFile(
      HELM_BIN,
      args,
      { env: { ...process.env, ...homes }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          reject(new MissingBinaryError(HELM_BIN));
        } else if (error) {
          reject(new Error(`helm ${args.join(' ')} failed:\n${stderr}`));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}

/** Manifests as the API server and the operator read them: with a YAML 1.1 parser, as Go's are. */
function manifests(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap(document => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.contents === null ? [] : [document.toJS()];
  });
}

export interface Release {
  name: string;
  namespace: string;
}

export interface RenderedRelease {
  manifests: KubernetesObject[];
  /** The Prometheus, or in agent mode the PrometheusAgent. */
  prometheus: KubernetesObject;
}

const PROMETHEUS_KINDS = ['Prometheus', 'PrometheusAgent'];

/**
 * `helm template` of the vendored chart with one values file, given as the
 * YAML text users hand to Helm: what `helm upgrade --install` would apply.
 */
export async function renderChart(
  valuesYaml: string,
  release: Release,
  workDir: string,
): Promise<RenderedRelease> {
  const valuesFile = path.join(
    await fs.mkdtemp(path.join(workDir, 'values-')),
    'values.yaml',
  );
  await fs.writeFile(valuesFile, valuesYaml);
  const output = await helm(
    [
      'template',
      release.name,
      VENDORED_CHART,
      '--namespace',
      release.namespace,
      '--values',
      valuesFile,
    ],
    workDir,
  );
  const rendered = manifests(output) as KubernetesObject[];
  const prometheus = rendered.filter(object =>
    PROMETHEUS_KINDS.includes(object.kind),
  );
  if (prometheus.length !== 1) {
    throw new Error(
      `The chart rendered ${prometheus.length} Prometheus and PrometheusAgent objects, not one`,
    );
  }
  return { manifests: rendered, prometheus: prometheus[0] };
}

/** The CRDs the chart installs, its crds subchart's included. */
export async function chartCrds(workDir: string): Promise<unknown[]> {
  return manifests(await helm(['show', 'crds', VENDORED_CHART], workDir));
}
