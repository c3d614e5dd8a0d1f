/**
 * Headroom for a suggested `maxShards`: Prometheus only reshards when the
 * desired count leaves a ±30 % band around the current one, so a maximum 30 %
 * above today's desired shards lets the queue follow the next rise in
 * traffic instead of hitting the ceiling again at once.
 */
const MAX_SHARDS_HEADROOM = 1.3;

/**
 * The `maxShards` to suggest for a queue that wants more shards than it may
 * run (desired above max): 30 % above the desired shards, rounded up.
 * Undefined when the queue is within its maximum or a number is unknown.
 *
 * @public
 */
export function suggestedMaxShards(shards: {
  desired: number | null;
  max: number | null;
}): number | undefined {
  const { desired, max } = shards;
  if (desired === null || max === null || desired <= max) return undefined;
  // Rounded first, so that 10 × 1.3 is 13, not 13.000000000000002 → 14.
  return Math.ceil(Number((desired * MAX_SHARDS_HEADROOM).toFixed(6)));
}
