import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_TENANT,
  DEFAULT_NAMESPACE,
  DEFAULT_RELEASE_NAME,
  GeneratedValues,
  generateValues,
  indexFleet,
  resolveFleet,
  ValuesNotAvailableError,
  ValuesOptions,
} from 'backstage-plugin-prometheus-fleet-common';
import { REPO_ROOT } from '../harness/paths';
import {
  FULL_QUEUE_CONFIG,
  twoClusterFleetValues,
} from '../values/twoClusterFleet';
import { Release } from './vendoredChart';

/** One generated values file and the release it is installed as. */
export interface ChartCase {
  name: string;
  generated: GeneratedValues;
  release: Release;
}

const DEFAULT_RELEASE: Release = {
  name: DEFAULT_RELEASE_NAME,
  namespace: DEFAULT_NAMESPACE,
};

/**
 * Strings a YAML 1.1 parser, as Helm's is, reads as booleans or numbers when
 * unquoted, in pairs of an edge's and a global's cluster label. The edge's is
 * its tenant too.
 */
export const YAML_1_1_LOOKALIKES: ReadonlyArray<[string, string]> = [
  ['yes', 'No'],
  ['ON', 'off'],
  ['Y', 'n'],
  ['1_000', '0b1010'],
];

/** The catalog entities of the YAML files in a directory, e.g. examples/fleet. */
export function readEntities(dir: string): Entity[] {
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        document => document.toJS() as Entity,
      ),
    );
}

/** Every cluster of examples/fleet that has values (edge-broken has none by design). */
function exampleFleetCases(): ChartCase[] {
  const fleet = resolveFleet(
    readEntities(path.join(REPO_ROOT, 'examples/fleet')),
  );
  const clusters = indexFleet(fleet);
  return fleet.clusters.flatMap(cluster => {
    try {
      const generated = generateValues(cluster, ref => clusters.get(ref));
      return [
        {
          name: `examples/fleet ${cluster.name}`,
          generated,
          release: DEFAULT_RELEASE,
        },
      ];
    } catch (error) {
      if (error instanceof ValuesNotAvailableError) return [];
      throw error;
    }
  });
}

function edgeCase(
  name: string,
  globalAnnotations: Record<string, string>,
  edgeAnnotations: Record<string, string>,
  options: ValuesOptions = {},
): ChartCase {
  return {
    name,
    generated: twoClusterFleetValues(
      globalAnnotations,
      edgeAnnotations,
      options,
    ).edge,
    release: DEFAULT_RELEASE,
  };
}

function remoteWrite2Cases(): ChartCase[] {
  const { global, edge } = twoClusterFleetValues({
    [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v2',
  });
  return [
    {
      name: 'remote-write 2.0 global',
      generated: global,
      release: DEFAULT_RELEASE,
    },
    {
      name: 'remote-write 2.0 edge',
      generated: edge,
      release: DEFAULT_RELEASE,
    },
  ];
}

function yaml11Cases(): ChartCase[] {
  return YAML_1_1_LOOKALIKES.flatMap(([edgeLabel, globalLabel]) => {
    const { global, edge } = twoClusterFleetValues(
      { [ANNOTATION_CLUSTER_LABEL]: globalLabel },
      { [ANNOTATION_CLUSTER_LABEL]: edgeLabel, [ANNOTATION_TENANT]: edgeLabel },
    );
    return [
      {
        name: `global labelled ${globalLabel}`,
        generated: global,
        release: DEFAULT_RELEASE,
      },
      {
        name: `edge labelled ${edgeLabel}, tenant ${edgeLabel}`,
        generated: edge,
        release: DEFAULT_RELEASE,
      },
    ];
  });
}

/** Another release name and namespace, which name the resources and Secrets. */
function otherReleaseCase(): ChartCase {
  const release = { name: 'fleet', namespace: 'observability' };
  return {
    name: `edge installed as ${release.namespace}/${release.name}`,
    generated: twoClusterFleetValues(
      {},
      {},
      {
        releaseName: release.name,
        namespace: release.namespace,
      },
    ).edge,
    release,
  };
}

/** Every shape of values the generator writes. */
export function chartCases(): ChartCase[] {
  return [
    ...exampleFleetCases(),
    ...['none', 'basic', 'bearer', 'mtls'].map(auth =>
      edgeCase(
        `edge with ${auth} write auth`,
        { [ANNOTATION_REMOTE_WRITE_AUTH]: auth },
        {},
      ),
    ),
    edgeCase('edge with a tenant', {}, { [ANNOTATION_TENANT]: 'team-a' }),
    edgeCase('edge with max shards', {}, { [ANNOTATION_MAX_SHARDS]: '7' }),
    edgeCase(
      'edge with every queueConfig key, max shards overriding',
      { [ANNOTATION_REMOTE_WRITE_AUTH]: 'mtls' },
      { [ANNOTATION_MAX_SHARDS]: '7', [ANNOTATION_TENANT]: 'team-a' },
      { queueConfig: FULL_QUEUE_CONFIG },
    ),
    otherReleaseCase(),
    ...remoteWrite2Cases(),
    ...yaml11Cases(),
  ];
}
