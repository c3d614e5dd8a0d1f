import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  GlobalRulesState,
  GlobalRulesView,
  HealthReason,
  HealthStatus,
  ObservedProblem,
  ObservedProblemCode,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { Knex } from 'knex';
import { downsample, PointStatus } from './downsample';
import {
  EdgeOnboardingFacts,
  HealthHistory,
  HealthStore,
  HistoryQuery,
  PollCycleRecord,
} from './types';
import { chunks } from './chunks';

const migrationsDir = resolvePackagePath(
  'backstage-plugin-prometheus-fleet-backend',
  'migrations',
);

const HISTORY = 'queue_health_history';
const LATEST = 'queue_health_latest';
const PROBLEMS = 'observed_problems';
const REVISION = 'queue_health_revision';
const GLOBAL_RULES = 'global_rules';
const EDGES = 'fleet_edges';

interface HealthRow {
  cluster_ref: string;
  /** PostgreSQL returns bigint columns as strings. */
  observed_at: number | string;
  status: HealthStatus;
  health: string;
}

interface GlobalRulesRow {
  global_ref: string;
  state: GlobalRulesState;
  observed_at: number | string;
}

interface EdgeRow {
  cluster_ref: string;
  first_seen_at: number | string;
  first_reported_at: number | string | null;
}

interface ProblemRow {
  ref: string;
  code: ObservedProblemCode;
  message: string;
  observed_at: number | string;
}

/**
 * A stored health. Rows written before reasons had codes hold plain strings,
 * and an instance of that version can still write them during a rolling
 * upgrade: they read as `unrecorded`, their message kept. Such rows are
 * replaced at the next poll (latest) or age out with the history retention;
 * rewriting them in a migration would read the whole history table, one row
 * per edge per cycle, for reasons the frontend only shows for the latest.
 */
function parseHealth(json: string): QueueHealth {
  const health: Omit<QueueHealth, 'reasons'> & {
    reasons: Array<HealthReason | string>;
  } = JSON.parse(json);
  return {
    ...health,
    reasons: health.reasons.map(reason =>
      typeof reason === 'string'
        ? { code: 'unrecorded', message: reason }
        : reason,
    ),
  };
}

function bumpRevision(tx: Knex.Transaction) {
  return tx(REVISION).where('id', 1).increment('revision', 1);
}

/**
 * Records what a cycle learnt of the edges' onboarding. Whichever instance
 * records first wins: a first sighting is never moved, a first report never
 * overwritten.
 */
async function recordOnboarding(
  tx: Knex.Transaction,
  at: number,
  { seen, reported }: NonNullable<PollCycleRecord['onboarding']>,
) {
  const reportedNow = new Set(reported);
  const rows: EdgeRow[] = [...new Set([...seen, ...reported])].map(ref => ({
    cluster_ref: ref,
    first_seen_at: at,
    first_reported_at: reportedNow.has(ref) ? at : null,
  }));
  for (const chunk of chunks(rows)) {
    await tx(EDGES).insert(chunk).onConflict('cluster_ref').ignore();
  }
  for (const chunk of chunks(reported, 500)) {
    await tx(EDGES)
      .whereIn('cluster_ref', chunk)
      .whereNull('first_reported_at')
      .update({ first_reported_at: at });
  }
}

/**
 * Queue health in the plugin's database (SQLite or PostgreSQL): an
 * append-only history, one row per edge per cycle; the latest health per
 * edge, so that any backend instance serves what the polling one saw; the
 * problems the last cycle observed, and whether each global evaluates the
 * generated rules; and when each edge was first seen and first reported.
 */
export class DatabaseHealthStore implements HealthStore {
  readonly #db: Knex;

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseHealthStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseHealthStore(client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  async recordCycle({
    observedAt,
    healths,
    problems,
    globalRules = [],
    onboarding = { seen: [], reported: [] },
  }: PollCycleRecord): Promise<void> {
    const at = observedAt.getTime();
    const rows: HealthRow[] = healths.map(({ ref, health }) => ({
      cluster_ref: ref,
      observed_at: at,
      status: health.status,
      health: JSON.stringify(health),
    }));
    const problemRows: ProblemRow[] = problems.map(p => ({
      ref: p.ref,
      code: p.code,
      message: p.message,
      observed_at: at,
    }));
    const globalRulesRows: GlobalRulesRow[] = globalRules.map(g => ({
      global_ref: g.ref,
      state: g.state,
      observed_at: at,
    }));
    await this.#db.transaction(async tx => {
      for (const chunk of chunks(rows)) {
        await tx(HISTORY).insert(chunk);
        await tx(LATEST).insert(chunk).onConflict('cluster_ref').merge();
      }
      await bumpRevision(tx);
      await tx(PROBLEMS).delete();
      for (const chunk of chunks(problemRows)) {
        await tx(PROBLEMS).insert(chunk);
      }
      for (const chunk of chunks(globalRulesRows)) {
        await tx(GLOBAL_RULES).insert(chunk).onConflict('global_ref').merge();
      }
      await recordOnboarding(tx, at, onboarding);
    });
  }

  async latest(refs: readonly string[]): Promise<Map<string, QueueHealth>> {
    const result = new Map<string, QueueHealth>();
    for (const chunk of chunks(refs, 500)) {
      const rows = await this.#db<HealthRow>(LATEST)
        .whereIn('cluster_ref', chunk)
        .select('cluster_ref', 'health');
      for (const row of rows) {
        result.set(row.cluster_ref, parseHealth(row.health));
      }
    }
    return result;
  }

  async latestRevision(): Promise<string> {
    const row = await this.#db(REVISION).first('revision');
    return String(row?.revision ?? 0);
  }

  async history(
    ref: string,
    { from, to, maxPoints }: HistoryQuery,
  ): Promise<HealthHistory> {
    const inRange = () =>
      this.#db<HealthRow>(HISTORY)
        .where('cluster_ref', ref)
        .where('observed_at', '>=', from.getTime())
        .where('observed_at', '<=', to.getTime());

    // Statuses first, which are small; health only for the points kept.
    const statuses: PointStatus[] = (
      await inRange()
        .select('observed_at', 'status')
        .orderBy('observed_at', 'asc')
    ).map(row => ({ observedAt: Number(row.observed_at), status: row.status }));
    const kept = downsample(
      statuses,
      { from: from.getTime(), to: to.getTime() },
      maxPoints,
    );

    const healthAt = new Map<number, QueueHealth>();
    for (const chunk of chunks(
      kept.map(p => p.observedAt),
      500,
    )) {
      const rows = await inRange()
        .whereIn('observed_at', chunk)
        .select('observed_at', 'health');
      for (const row of rows) {
        healthAt.set(Number(row.observed_at), parseHealth(row.health));
      }
    }
    return {
      points: kept.flatMap(p => healthAt.get(p.observedAt) ?? []),
      totalPoints: statuses.length,
      downsampled: kept.length < statuses.length,
    };
  }

  async observedProblems(): Promise<ObservedProblem[]> {
    const rows = await this.#db<ProblemRow>(PROBLEMS)
      .select('ref', 'code', 'message')
      .orderBy('id', 'asc');
    return rows.map(row => ({
      ref: row.ref,
      code: row.code,
      message: row.message,
      severity: 'warning',
    }));
  }

  async globalRules(
    refs: readonly string[],
  ): Promise<Map<string, GlobalRulesView>> {
    const result = new Map<string, GlobalRulesView>();
    for (const chunk of chunks(refs, 500)) {
      const rows = await this.#db<GlobalRulesRow>(GLOBAL_RULES)
        .whereIn('global_ref', chunk)
        .select('global_ref', 'state', 'observed_at');
      for (const row of rows) {
        result.set(row.global_ref, {
          state: row.state,
          observedAt: new Date(Number(row.observed_at)).toISOString(),
        });
      }
    }
    return result;
  }

  async onboarding(
    refs: readonly string[],
  ): Promise<Map<string, EdgeOnboardingFacts>> {
    const result = new Map<string, EdgeOnboardingFacts>();
    for (const chunk of chunks(refs, 500)) {
      const rows = await this.#db<EdgeRow>(EDGES)
        .whereIn('cluster_ref', chunk)
        .select('cluster_ref', 'first_seen_at', 'first_reported_at');
      for (const row of rows) {
        result.set(row.cluster_ref, {
          firstSeenAt: new Date(Number(row.first_seen_at)),
          firstReportedAt:
            row.first_reported_at === null
              ? null
              : new Date(Number(row.first_reported_at)),
        });
      }
    }
    return result;
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const before = cutoff.getTime();
    const history = await this.#db(HISTORY)
      .where('observed_at', '<', before)
      .delete();
    const latest = await this.#db.transaction(async tx => {
      const deleted = await tx(LATEST)
        .where('observed_at', '<', before)
        .delete();
      if (deleted > 0) await bumpRevision(tx);
      return deleted;
    });
    // An edge in the fleet gets a latest health every cycle: one without is
    // gone, and once gone for the retention it is forgotten, new if it returns.
    const edges = await this.#db(EDGES)
      .where('first_seen_at', '<', before)
      .whereNotExists(
        this.#db(LATEST)
          .select('cluster_ref')
          .where('cluster_ref', this.#db.ref(`${EDGES}.cluster_ref`)),
      )
      .delete();
    return history + latest + edges;
  }
}
