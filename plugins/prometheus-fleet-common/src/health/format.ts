/**
 * A duration in words for reasons: seconds under five minutes, then minutes
 * up to two hours, then hours up to two days, then days, rounded down so
 * that "6 min" never means less than six minutes.
 *
 * @public
 */
export function formatDuration(seconds: number): string {
  if (seconds < 300) return `${formatNumber(seconds)} s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

/**
 * A number for reasons: whole from 100 up, one decimal from 1 up, two
 * significant digits below 1 (so a small retry rate does not read as 0).
 *
 * @public
 */
export function formatNumber(value: number): string {
  const size = Math.abs(value);
  if (size >= 100) return String(Math.round(value));
  if (size >= 1) return String(Math.round(value * 10) / 10);
  return String(Number(value.toPrecision(2)));
}

/**
 * A value that exceeds a limit, with as many decimals (up to three) as it
 * takes not to read as the limit itself: 120.4 over 120 is "120.4", not "120".
 *
 * @public
 */
export function formatAbove(value: number, limit: number): string {
  const text = formatNumber(value);
  if (Number(text) > limit) return text;
  for (const decimals of [1, 2, 3]) {
    const precise = value.toFixed(decimals);
    if (Number(precise) > limit) return String(Number(precise));
  }
  return text;
}

/** "1 edge", "3 edges"; `many` for the nouns that do not just take an s. @public */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
