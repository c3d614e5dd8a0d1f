/**
 * Child process: plays N edges remote-writing their own queue metrics to the
 * global. First an hour of history at the edges' scrape interval, so that
 * `rate`, `max_over_time` and the last-seen look-back read as many samples as
 * in a fleet that has run for a while; then one sample per series every
 * interval, live, until the parent disconnects.
 *
 *   fork('bench/lib/edgeWriter.ts', [writeUrl, edges, historyMinutes])
 */
import { remoteWrite, Series } from './remoteWrite';
import {
  EDGE_INTERVAL_MS,
  edgeProfile,
  EdgeProfile,
  edgeSeries,
  EdgeSeries,
  orphanProfiles,
} from './syntheticFleet';

export type EdgeWriterMessage =
  | { type: 'loaded'; series: number; samples: number; seconds: number }
  | { type: 'live'; samples: number; ms: number }
  | { type: 'error'; message: string };

/** Silent edges stopped writing this long before the history ends: past any `silentAfter` default. */
const SILENT_FOR_MS = 10 * 60_000;
const SERIES_PER_REQUEST = 4_000;
/** An hour of samples per series: about a megabyte per request. */
const HISTORY_SERIES_PER_REQUEST = 500;
const REQUESTS_IN_FLIGHT = 2;

interface Writer {
  profile: EdgeProfile;
  series: EdgeSeries[];
}

function send(message: EdgeWriterMessage) {
  process.send?.(message);
}

async function inBatches(
  url: string,
  all: Series[],
  perRequest = SERIES_PER_REQUEST,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const batch = all.slice(next, next + perRequest);
      next += perRequest;
      await remoteWrite(url, batch);
    }
  };
  await Promise.all(Array.from({ length: REQUESTS_IN_FLIGHT }, worker));
}

async function main() {
  const [url, edgesArg, historyArg] = process.argv.slice(2);
  const edges = Number(edgesArg);
  const historyMs = Number(historyArg) * 60_000;
  const endMs = Math.floor(Date.now() / EDGE_INTERVAL_MS) * EDGE_INTERVAL_MS;
  const startMs = endMs - historyMs;
  const silentFromMs = endMs - SILENT_FOR_MS;

  const writers: Writer[] = [
    ...Array.from({ length: edges }, (_, i) => edgeProfile(i)),
    ...orphanProfiles(edges),
  ].map(profile => ({ profile, series: edgeSeries(profile, startMs) }));

  const started = Date.now();
  let samples = 0;
  let seriesCount = 0;
  // A few edges at a time: the history of 10,000 edges does not fit in memory as points.
  const edgesPerRound = 500;
  for (let from = 0; from < writers.length; from += edgesPerRound) {
    const batch: Series[] = [];
    for (const { profile, series } of writers.slice(
      from,
      from + edgesPerRound,
    )) {
      const until = profile.behaviour === 'silent' ? silentFromMs : endMs;
      for (const { labels, valueAt } of series) {
        const points: Array<[number, number]> = [];
        for (let t = startMs; t <= until; t += EDGE_INTERVAL_MS) {
          points.push([t, valueAt(t)]);
        }
        batch.push({ labels, samples: points });
        samples += points.length;
        seriesCount += 1;
      }
    }
    await inBatches(url, batch, HISTORY_SERIES_PER_REQUEST);
  }
  send({
    type: 'loaded',
    series: seriesCount,
    samples,
    seconds: (Date.now() - started) / 1000,
  });

  const live = writers.filter(w => w.profile.behaviour !== 'silent');
  let at = endMs + EDGE_INTERVAL_MS;
  for (;;) {
    const wait = at - Date.now();
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
    const liveStarted = Date.now();
    const batch: Series[] = [];
    for (const { series } of live) {
      for (const { labels, valueAt } of series) {
        batch.push({ labels, samples: [[at, valueAt(at)]] });
      }
    }
    await inBatches(url, batch);
    send({ type: 'live', samples: batch.length, ms: Date.now() - liveStarted });
    at += EDGE_INTERVAL_MS;
    // Behind by more than an interval (a starved CPU): skip ahead rather than write the past.
    while (at + EDGE_INTERVAL_MS < Date.now()) at += EDGE_INTERVAL_MS;
  }
}

process.on('disconnect', () => process.exit(0));
main().catch(error => {
  send({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
});
