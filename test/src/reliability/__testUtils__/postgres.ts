import crypto from 'node:crypto';
import { knex as knexFactory, Knex } from 'knex';

/**
 * The PostgreSQL server the tests run against, from `FLEET_TEST_POSTGRES_URL`
 * (`eval "$(scripts/start-postgres.sh)"` starts one and sets it). Without it
 * the suite fails with that hint rather than skipping: CI runs it.
 */
export function postgresUrl(): string {
  const url =
    process.env.FLEET_TEST_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!url) {
    throw new Error(
      'No PostgreSQL server: run `eval "$(scripts/start-postgres.sh)"` from the repository root first, or set FLEET_TEST_POSTGRES_URL.',
    );
  }
  return url;
}

export interface TestDatabase {
  name: string;
  /** Connection settings for this database, as knex and Backstage take them. */
  connection: Knex.PgConnectionConfig;
  /** A direct connection, bypassing any proxy the backend goes through. */
  knex: Knex;
  /** Closes the direct connection and drops the database. */
  drop(): Promise<void>;
}

function connectionOf(url: string): Knex.PgConnectionConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username || 'postgres'),
    password: decodeURIComponent(parsed.password),
  };
}

/** Creates a database of its own for one test file, so runs never collide. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = connectionOf(postgresUrl());
  const name = `fleet_reliability_${Date.now()}_${crypto
    .randomBytes(3)
    .toString('hex')}`;
  const admin = knexFactory({
    client: 'pg',
    connection: { ...server, database: 'postgres' },
  });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  const connection = { ...server, database: name };
  const knex = knexFactory({ client: 'pg', connection });
  return {
    name,
    connection,
    knex,
    drop: async () => {
      await knex.destroy();
      const cleanup = knexFactory({
        client: 'pg',
        connection: { ...server, database: 'postgres' },
      });
      try {
        // FORCE: a backend that failed to stop must not leave the database behind.
        await cleanup.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}
