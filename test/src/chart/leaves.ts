import { isDeepStrictEqual } from 'node:util';

export type LeafPath = Array<string | number>;

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Each scalar of `value`, or empty list or map, with its path. */
export function leaves(
  value: unknown,
  path: LeafPath = [],
): Array<[LeafPath, unknown]> {
  if (!isContainer(value) || Object.keys(value).length === 0) {
    return [[path, value]];
  }
  return Object.entries(value).flatMap(([key, child]) =>
    leaves(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

export function formatPath(path: LeafPath): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${key}`,
    )
    .join('');
}

function at(value: unknown, path: LeafPath): unknown {
  return path.reduce<unknown>(
    (parent, key) =>
      isContainer(parent)
        ? (parent as Record<string, unknown>)[key]
        : undefined,
    value,
  );
}

/**
 * Leaves of `source` that `target` does not hold at the same path with the
 * same value and type (a label "yes" read back as true is not carried over),
 * each with what is there instead.
 */
export function leavesNotCarriedOver(
  source: unknown,
  target: unknown,
): string[] {
  return leaves(source).flatMap(([path, value]) => {
    const found = at(target, path);
    return isDeepStrictEqual(found, value)
      ? []
      : [
          `${formatPath(path)}: ${JSON.stringify(value)} became ${
            found === undefined ? 'nothing' : JSON.stringify(found)
          }`,
        ];
  });
}
