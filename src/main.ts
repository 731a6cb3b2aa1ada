/**
 * `npm start`: migrate, seed the demo bank when the database is empty, serve the API and the web
 * app on one port, and shut down cleanly on SIGTERM/SIGINT (in-flight requests finish, the
 * embedded database is closed so its data folder stays consistent).
 */
import { systemClock } from './core/clock.ts';
import { loadConfig } from './core/config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureInternalAccounts } from './ledger/accounts.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  await migrateToLatest(database);
  await ensureInternalAccounts(database.db, config.currencies);
  // TODO(http, cli helpers): demo seed, buildApp + listen, operator channel, roll-up job, banner, shutdown.
  void systemClock;
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
