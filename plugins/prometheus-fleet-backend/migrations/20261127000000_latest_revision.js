// @ts-check

/**
 * A counter that every change of `queue_health_latest` bumps in the same
 * transaction, so that a backend instance can tell whether the latest health
 * changed, whoever changed it, by reading one row rather than all of them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('queue_health_revision', table => {
    table.comment('Revision of queue_health_latest: a single row');
    table.integer('id').primary();
    table.bigInteger('revision').notNullable();
  });
  await knex('queue_health_revision').insert({ id: 1, revision: 0 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('queue_health_revision');
};
