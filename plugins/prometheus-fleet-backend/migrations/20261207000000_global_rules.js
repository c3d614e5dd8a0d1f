// @ts-check

/**
 * Whether each global evaluates the generated rules, as the last poll that
 * could tell saw it, so that every backend instance shows what the polling
 * one saw. Changes bump queue_health_revision with the cycle's health.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('global_rules', table => {
    table.comment('Whether each global evaluates the generated rules');
    table.string('global_ref', 255).primary().comment('Global entity ref');
    table
      .string('state', 16)
      .notNullable()
      .comment('running, mismatch or absent');
    table.bigInteger('observed_at').notNullable().comment('Epoch ms');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('global_rules');
};
