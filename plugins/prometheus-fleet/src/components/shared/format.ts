const DASH = '—';

/** "45 s", "3 min 5 s", "2 h 10 min": lag reads best in the unit it is in. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return DASH;
  }
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) {
    return `${total} s`;
  }
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (hours > 0) {
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const rest = total % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  return Math.round(value).toLocaleString('en-US');
}

/** Per-second rates of samples, with enough precision to tell 0 from 0.004. */
export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return DASH;
  }
  const digits = value !== 0 && Math.abs(value) < 1 ? 3 : 1;
  return `${value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
  })}/s`;
}

const relativeTime = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "5 minutes ago"; the exact time belongs in a tooltip. */
export function formatTimeAgo(
  iso: string | null | undefined,
  now: number = Date.now(),
): string {
  const time = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(time)) {
    return 'never';
  }
  const seconds = Math.round((time - now) / 1000);
  const [unit, size] = UNITS.find(
    ([, length]) => Math.abs(seconds) >= length,
  ) ?? ['second', 1];
  return relativeTime.format(Math.trunc(seconds / size), unit);
}
