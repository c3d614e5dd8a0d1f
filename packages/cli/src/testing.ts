import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { CommandIo } from './io';

/** A CommandIo that keeps what was written, for assertions. */
export function captureIo(): CommandIo & {
  out: () => string;
  err: () => string;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: text => out.push(text),
    stderr: text => err.push(text),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** A kubernetes-cluster Resource in the fleet. */
export function clusterEntity(
  name: string,
  annotations: Record<string, string>,
  options: { namespace?: string; dependsOn?: string[] } = {},
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      annotations,
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform-team',
      ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
    },
  };
}

export function globalEntity(name: string, extra: Record<string, string> = {}) {
  return clusterEntity(name, {
    'prometheus-fleet.io/role': 'global',
    'prometheus-fleet.io/remote-write-url': `https://${name}.example.com/api/v1/write`,
    'prometheus-fleet.io/query-endpoint': name,
    ...extra,
  });
}

export function edgeEntity(name: string, extra: Record<string, string> = {}) {
  return clusterEntity(name, { 'prometheus-fleet.io/role': 'edge', ...extra });
}

/** Multi-document YAML, as catalog files are written. */
export function yamlDocuments(...documents: unknown[]): string {
  return documents.map(document => stringify(document)).join('---\n');
}

/** A temporary directory holding the given files; remove it with `cleanup`. */
export async function createTempDir(files: Record<string, string> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'prometheus-fleet-cli-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return {
    root,
    path: (...parts: string[]) => join(root, ...parts),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
