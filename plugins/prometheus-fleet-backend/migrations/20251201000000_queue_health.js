// @ts-check

/**
 * Queue health of the fleet's edges: one history row per edge per poll cycle,
 * the latest health per edge (so every backend instance serves what the one
 * that polled saw), and the problems the last poll observed at the globals.
 * Times are epoch milliseconds, which compare the same on SQLite and
 * PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('queue_health_history', table => {
    table.comment('Queue health of each edge at each poll cycle');
    table.bigIncrements('id');
    table.string('cluster_ref', 255).notNullable().comment('Edge entity ref');
    table.bigInteger('observed_at').notNullable().comment('Epoch ms');
    table.string('status', 16).notNullable();
    table.text('health').notNullable().comment('QueueHealth as JSON');
    table.index(
      ['cluster_ref', 'observed_at'],
      'queue_health_history_ref_time_idx',
    );
    table.index(['observed_at'], 'queue_health_history_time_idx');
  });

  await knex.schema.createTable('queue_health_latest', table => {
    table.comment('Latest queue health of each edge');
    table.string('cluster_ref', 255).primary().comment('Edge entity ref');
    table.bigInteger('observed_at').notNullable().comment('Epoch ms');
    table.string('status', 16).notNullable();
    table.text('health').notNullable().comment('QueueHealth as JSON');
  });

  await knex.schema.createTable('observed_problems', table => {
    table.comment('Drift and orphan problems the last poll observed');
    table.bigIncrements('id');
    table
      .string('ref', 255)
      .notNullable()
      .comment('Entity the problem belongs to');
    table.string('code', 64).notNullable();
    table.text('message').notNullable();
    table.bigInteger('observed_at').notNullable().comment('Epoch ms');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('observed_problems');
  await knex.schema.dropTable('queue_health_latest');
  await knex.schema.dropTable('queue_health_history');
};
