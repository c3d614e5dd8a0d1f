/**
 * Child process: plays N edges remote-writing their own queue metrics to the
 * global; with tenants, each edge as its tenant (`X-Scope-OrgID`, as the
 * values tell an edge of a Mimir global to send). First an hour of history
 * at the edges' scrape interval, so that `rate`, `max_over_time` and the
 * last-seen look-back read as many samples as in a fleet that has run for a
 * while; then one sample per series every interval, live, until the parent
 * disconnects.
 *
 *   fork('bench/lib/edgeWriter.ts', [writeUrl, edges, historyMinutes, tenants])
 */
import { ENGINE_TRAITS } from 'backstage-plugin-prometheus-fleet-common';
import { remoteWrite, Series } from './remoteWrite';
import {
  EDGE_INTERVAL_MS,
  edgeProfile,
  EdgeProfile,
  edgeSeries,
  EdgeSeries,
  orphanProfiles,
  tenantOf,
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
  tenant?: string;
}

/** Series to write, by the tenant they are written as (undefined: no tenant header). */
type ByTenant = Map<string | undefined, Series[]>;

function add(batches: ByTenant, tenant: string | undefined, series: Series) {
  const batch = batches.get(tenant);
  if (batch) batch.push(series);
  else batches.set(tenant, [series]);
}

function send(message: EdgeWriterMessage) {
  process.send?.(message);
}

async function inBatches(
  url: string,
  batches: ByTenant,
  perRequest = SERIES_PER_REQUEST,
): Promise<void> {
  for (const [tenant, all] of batches) {
    const headers = tenant
      ? { [ENGINE_TRAITS.mimir.tenantHeader!]: tenant }
      : undefined;
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const batch = all.slice(next, next + perRequest);
        next += perRequest;
        await remoteWrite(url, batch, headers);
      }
    };
    await Promise.all(Array.from({ length: REQUESTS_IN_FLIGHT }, worker));
  }
}

async function main() {
  const [url, edgesArg, historyArg, tenantsArg] = process.argv.slice(2);
  const edges = Number(edgesArg);
  const tenants = Number(tenantsArg);
  const historyMs = Number(historyArg) * 60_000;
  const endMs = Math.floor(Date.now() / EDGE_INTERVAL_MS) * EDGE_INTERVAL_MS;
  const startMs = endMs - historyMs;
  const silentFromMs = endMs - SILENT_FOR_MS;

  const writers: Writer[] = [
    ...Array.from({ length: edges }, (_, i) => edgeProfile(i)),
    ...orphanProfiles(edges),
  ].map(profile => ({
    profile,
    series: edgeSeries(profile, startMs),
    tenant: tenantOf(profile.index, tenants),
  }));

  const started = Date.now();
  let samples = 0;
  let seriesCount = 0;
  // A few edges at a time: the history of 10,000 edges does not fit in memory as points.
  const edgesPerRound = 500;
  for (let from = 0; from < writers.length; from += edgesPerRound) {
    const batches: ByTenant = new Map();
    for (const { profile, series, tenant } of writers.slice(
      from,
      from + edgesPerRound,
    )) {
      const until = profile.behaviour === 'silent' ? silentFromMs : endMs;
      for (const { labels, valueAt } of series) {
        const points: Array<[number, number]> = [];
        for (let t = startMs; t <= until; t += EDGE_INTERVAL_MS) {
          points.push([t, valueAt(t)]);
        }
        add(batches, tenant, { labels, samples: points });
        samples += points.length;
        seriesCount += 1;
      }
    }
    await inBatches(url, batches, HISTORY_SERIES_PER_REQUEST);
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
    const batches: ByTenant = new Map();
    let samplesThisRound = 0;
    for (const { series, tenant } of live) {
      for (const { labels, valueAt } of series) {
        add(batches, tenant, { labels, samples: [[at, valueAt(at)]] });
        samplesThisRound += 1;
      }
    }
    await inBatches(url, batches);
    send({
      type: 'live',
      samples: samplesThisRound,
      ms: Date.now() - liveStarted,
    });
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
