// @ts-check

/**
 * What each edge's owner was last told, so that a transition notifies once:
 * across cycles, backend restarts and instances. `state` is the edge's state
 * as the notifier last saw it and `since` when it entered it (epoch ms);
 * `notified` is the state the owner was last told about. An instance claims
 * a notification by moving `notified` with a conditional update, so that of
 * two instances only one sends it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('edge_notifications', table => {
    table.comment('Owner notifications: the state each edge was last told in');
    table.string('cluster_ref', 255).primary().comment('Edge entity ref');
    table.string('state', 32).notNullable().comment('State last seen');
    table
      .bigInteger('since')
      .notNullable()
      .comment('Epoch ms: when the edge entered state');
    table.string('notified', 32).notNullable().comment('State last told');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('edge_notifications');
};
