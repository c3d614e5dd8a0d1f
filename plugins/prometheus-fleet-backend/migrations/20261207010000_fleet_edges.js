// @ts-check

/**
 * When the fleet first saw each edge, and when a poll first found a sample
 * from it at its global: the catalog has no creation time, and an edge that
 * never reported is `pending` (awaiting first data) for its onboarding grace
 * period from the first, never again once the second is set. Times are epoch
 * milliseconds. Rows outlive a restart; those of edges gone from the fleet go
 * with the history retention (`deleteOlderThan`).
 *
 * Edges polled before this table existed are not new: each is taken as first
 * seen at its oldest history row, and as reported when its latest health has
 * a last sample, so that an upgrade makes no long-silent edge pending.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('fleet_edges', table => {
    table.comment('Onboarding of each edge: first seen, first reported');
    table.string('cluster_ref', 255).primary().comment('Edge entity ref');
    table
      .bigInteger('first_seen_at')
      .notNullable()
      .comment('Epoch ms: the first poll cycle whose fleet held the edge');
    table
      .bigInteger('first_reported_at')
      .nullable()
      .comment('Epoch ms: the first poll that found a sample from it');
  });

  // One index lookup per edge: the history is ordered by (cluster_ref, observed_at).
  const oldest = knex('queue_health_history')
    .min('observed_at')
    .where('cluster_ref', knex.ref('queue_health_latest.cluster_ref'));
  /** @type {Array<{ cluster_ref: string; observed_at: number | string; health: string; oldest: number | string | null }>} */
  const latest = await knex('queue_health_latest').select(
    'cluster_ref',
    'observed_at',
    'health',
    oldest.as('oldest'),
  );
  const rows = latest.map(row => {
    let lastSeen = null;
    try {
      lastSeen = JSON.parse(row.health).lastSeen ?? null;
    } catch {
      lastSeen = null;
    }
    const reportedAt = lastSeen === null ? NaN : Date.parse(lastSeen);
    return {
      cluster_ref: row.cluster_ref,
      first_seen_at: Number(row.oldest ?? row.observed_at),
      first_reported_at: Number.isFinite(reportedAt) ? reportedAt : null,
    };
  });
  // 3 columns a row stay under SQLite's 999 bound parameters.
  for (let i = 0; i < rows.length; i += 300) {
    await knex('fleet_edges').insert(rows.slice(i, i + 300));
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('fleet_edges');
};
