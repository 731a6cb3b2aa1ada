import { Migrator, type MigrationResult } from 'kysely';
import type { Database } from './connection.ts';
import { migrations } from './migrations/index.ts';

export interface MigrationReport {
  readonly applied: string[];
}

/** Brings the schema up to date. Safe to run at every start and from the CLI. */
export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Numbers are handed out per area (0005 events … 0013 experience) and land in any order; a
    // data folder that already ran 0009 must still accept 0005 when it arrives.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter(isApplied).map((r) => r.migrationName) };
}

function isApplied(result: MigrationResult): boolean {
  return result.status === 'Success' && result.direction === 'Up';
}
