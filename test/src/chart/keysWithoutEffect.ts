import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { formatPath, LeafPath, leaves } from './leaves';
import { mapConcurrently } from './mapConcurrently';
import { Release, renderChart } from './vendoredChart';

/** Below here every value is compared with the resource's spec instead. */
const SPEC_PATH = ['prometheus', 'prometheusSpec'];

function isUnderSpec(path: LeafPath) {
  return SPEC_PATH.every((key, i) => path[i] === key);
}

/** Paths of the values' leaves that the resource's spec is not compared with. */
export function leafPathsOutsideSpec(valuesYaml: string): LeafPath[] {
  return leaves(parseDocument(valuesYaml).toJS())
    .map(([path]) => path)
    .filter(path => !isUnderSpec(path));
}

/** The values text without one leaf, everything else as written. */
function withoutLeaf(valuesYaml: string, path: LeafPath): string {
  const document = parseDocument(valuesYaml);
  document.deleteIn(path);
  return document.toString();
}

/**
 * Values keys outside `prometheus.prometheusSpec` whose removal leaves the
 * rendered release as it was: a key the chart does not read (misspelt or
 * misplaced) or one that repeats the chart's default. Either way it is not
 * doing what the generator meant it to.
 */
export async function keysWithoutEffect(
  valuesYaml: string,
  release: Release,
  workDir: string,
  concurrency: number,
): Promise<string[]> {
  const { manifests } = await renderChart(valuesYaml, release, workDir);
  const paths = leafPathsOutsideSpec(valuesYaml);
  const withoutEffect = await mapConcurrently(
    paths,
    concurrency,
    async path => {
      const ablated = await renderChart(
        withoutLeaf(valuesYaml, path),
        release,
        workDir,
      );
      return isDeepStrictEqual(ablated.manifests, manifests);
    },
  );
  return paths.filter((_, i) => withoutEffect[i]).map(formatPath);
}
