/** A duration in configuration that cannot be read. @public */
export class InvalidDurationError extends Error {
  readonly value: unknown;
  constructor(value: unknown, why: string) {
    super(`Invalid duration ${JSON.stringify(value) ?? String(value)}: ${why}`);
    this.name = 'InvalidDurationError';
    this.value = value;
  }
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  y: 365 * 86400,
};

/** Prometheus duration syntax: units from largest to smallest, each at most once. */
const DURATION =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS_IN_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/**
 * Reads a duration from configuration, in seconds: Prometheus syntax such as
 * `60s`, `5m`, `1h30m` or `7d`, or a plain number of seconds.
 *
 * @throws InvalidDurationError for anything else, or a duration that is not positive.
 * @public
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) {
      throw new InvalidDurationError(
        value,
        'must be a positive number of seconds',
      );
    }
    return value;
  }
  const match = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  if (!match || value.trim() === '') {
    throw new InvalidDurationError(
      value,
      'expected a number followed by a unit (ms, s, m, h, d, w, y), e.g. "60s", "5m" or "1h30m"',
    );
  }
  const seconds = UNITS_IN_ORDER.reduce(
    (total, unit, index) =>
      total + Number(match[index + 1] ?? 0) * UNIT_SECONDS[unit],
    0,
  );
  if (seconds <= 0) {
    throw new InvalidDurationError(value, 'must be longer than zero');
  }
  return seconds;
}

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
