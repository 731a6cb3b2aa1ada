/**
 * `npm start`: migrate, seed the demo bank when the database is empty, serve the API and the web
 * app on one port, and shut down cleanly on SIGTERM/SIGINT (in-flight requests finish, the
 * embedded database is closed so its data folder stays consistent).
 *
 * With SMARTPAY_WORKERS > 1 on PostgreSQL the same happens across processes (src/cluster.ts): the
 * primary migrates, seeds, starts the workers and the background jobs; each worker serves HTTP.
 */
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { systemClock } from './core/clock.ts';
import { loadConfig, type Config } from './core/config.ts';
import { isDomainError } from './core/errors.ts';
import { openDatabase, type Database } from './db/connection.ts';
import { secureDataDir } from './db/data-dir.ts';
import { describePostgresTarget } from './db/primary.ts';
import { migrateToLatest } from './db/migrate.ts';
import { docsPath } from './http/openapi.ts';
import { createLogger } from './http/logging.ts';
import { startMetricsListener } from './http/metrics.ts';
import { displayUrl, startServer, type RunningServer } from './http/server.ts';
import {
  shutDown,
  shutDownOnSignals,
  shutdownTimeoutMs,
  signalHandler,
  type BackgroundService,
} from './http/shutdown.ts';
import { ensureInternalAccounts } from './ledger/accounts.ts';
import { startNotifications } from './notify/index.ts';
import { acquireDataDirLock, type DataDirLock } from './cli/data-dir-lock.ts';
import { startOperatorChannel } from './cli/operator-channel.ts';
import { type DemoCredentials, existingDemoCredentials, seedDemoIfEmpty } from './demo/seed.ts';
import { startLedgerJobs } from './jobs.ts';
import { onPrimaryShutdown, startWorkers, workerCount } from './cluster.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return runWorker(config, logger);
  const workers = workerCount(config, logger);
  if (workers > 1) return runPrimary(config, logger, workers);
  return runSingle(config, logger);
}

/** One process does everything: the default, and the only way with the embedded database. */
async function runSingle(config: Config, logger: Logger): Promise<void> {
  // The embedded database belongs to one process: refuse to open a folder another one holds.
  // Only this user may enter the data folder, however it was made (issue 11, defect 2).
  if (!config.databaseUrl) secureDataDir(config.dataDir);
  const lock: DataDirLock | undefined = config.databaseUrl
    ? undefined
    : acquireDataDirLock(config.dataDir);
  // Released only when the process ends, after the database has been closed.
  process.on('exit', () => lock?.release());
  const database = await openConfiguredDatabase(config, logger);
  const services: BackgroundService[] = [];
  let server: RunningServer | undefined;
  let demo: DemoCredentials | undefined;
  try {
    const { applied } = await migrateToLatest(database);
    logger.info({ applied }, 'database migrated');
    // PGlite made its files 0666 while opening: take group and other access off them again.
    if (database.engine === 'pglite') secureDataDir(config.dataDir);
    await ensureInternalAccounts(database.db, config.currencies);
    demo =
      (await seedDemoIfEmpty(database, config)) ??
      (await existingDemoCredentials(database.db, config));
    server = await startServer(
      { config, database, clock: systemClock, logger },
      { host: config.host, port: config.port, drainDelayMs: config.shutdownDrainMs },
    );
    await startBackgroundServices(services, config, database, logger);
    if (config.metricsListener) {
      const metrics = await startMetricsListener(server.app.metrics, config.metricsListener);
      services.push({ name: 'metrics listener', stop: () => metrics.stop() });
      logger.info({ url: `${metrics.url}/metrics` }, 'metrics listener');
    }
  } catch (error) {
    // Close what is open: an embedded database left open would need recovery at the next start.
    await shutDown({ logger, services, server, database }).catch((closeError: unknown) =>
      logger.error({ err: closeError }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
  printBanner(config, database, server.url, demo);
  shutDownOnSignals(
    { logger, services, server, database },
    { timeoutMs: shutdownTimeoutMs(config) },
  );
}

/** Prepares the database, then forks the HTTP workers; background jobs run here, once. */
async function runPrimary(config: Config, logger: Logger, workers: number): Promise<void> {
  const database = await openConfiguredDatabase(config, logger);
  const services: BackgroundService[] = [];
  // A worker's own patience (drain, longest request, margin), plus a margin to see it exit.
  const workerPatienceMs = shutdownTimeoutMs(config) + 2_000;
  let pool: Awaited<ReturnType<typeof startWorkers>> | undefined;
  let demo: DemoCredentials | undefined;
  // A worker pool that keeps crashing asks us to stop, as an operator's SIGTERM would, and exit 1.
  let fatal = false;
  let onFatal = () => undefined as void;
  try {
    const { applied } = await migrateToLatest(database);
    logger.info({ applied }, 'database migrated');
    await ensureInternalAccounts(database.db, config.currencies);
    demo =
      (await seedDemoIfEmpty(database, config)) ??
      (await existingDemoCredentials(database.db, config));
    pool = await startWorkers(workers, logger, workerPatienceMs, () => onFatal());
    await startBackgroundServices(services, config, database, logger);
  } catch (error) {
    await pool?.stop();
    await shutDown({ logger, services, server: undefined, database }).catch((closeError: unknown) =>
      logger.error({ err: closeError }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
  const workerPool = pool;
  printBanner(config, database, displayUrl(config.host, workerPool.port), demo);
  console.log(`Workers: ${workers} (node:cluster, one port)`);
  // "server" here is the workers: each drains its in-flight requests before exiting.
  const parts = { logger, services, server: { close: () => workerPool.stop() }, database };
  const onSignal = signalHandler(parts, {
    timeoutMs: workerPatienceMs + 5_000,
    exit: (code) => process.exit(fatal ? 1 : code),
  });
  onFatal = () => {
    fatal = true;
    onSignal('SIGTERM');
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** A worker serves HTTP only; the primary has migrated and runs the background jobs. */
async function runWorker(config: Config, logger: Logger): Promise<void> {
  const database = await openConfiguredDatabase(config, logger);
  let server: RunningServer;
  try {
    server = await startServer(
      { config, database, clock: systemClock, logger },
      { host: config.host, port: config.port, drainDelayMs: config.shutdownDrainMs },
    );
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  const services: BackgroundService[] = [];
  // Each worker has its own registry: its metrics listener is the configured port + worker id.
  if (config.metricsListener) {
    const { host, port } = config.metricsListener;
    const offset = port === 0 ? 0 : (cluster.worker?.id ?? 0);
    const metrics = await startMetricsListener(server.app.metrics, { host, port: port + offset });
    services.push({ name: 'metrics listener', stop: () => metrics.stop() });
  }
  const onSignal = signalHandler(
    { logger, services, server, database },
    { timeoutMs: shutdownTimeoutMs(config) },
  );
  let draining = false;
  const drain = (signal: NodeJS.Signals) => {
    draining = true;
    onSignal(signal);
  };
  process.on('SIGTERM', drain);
  process.on('SIGINT', drain);
  // A terminal's Ctrl-C reaches the workers and the primary alike: one drain is enough.
  onPrimaryShutdown(() => {
    if (!draining) drain('SIGTERM');
  });
}

function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeouts: config.databaseTimeouts,
    // A restart, failover or terminated backend: the pool reconnects by itself, we only log it.
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost'),
  });
}

/**
 * Started after the server listens; each is stopped at shutdown before the database closes.
 * Each is pushed as soon as it runs, so a later one failing to start still stops the earlier ones.
 */
async function startBackgroundServices(
  services: BackgroundService[],
  config: Config,
  database: Database,
  logger: Logger,
): Promise<void> {
  // The outbox dispatcher sends the SMS codes that logins wait for.
  const dispatcher = startNotifications(database, config, logger);
  services.push({ name: 'outbox dispatcher', stop: () => dispatcher.stop() });
  services.push(...startLedgerJobs(database, systemClock, logger));
  // With the embedded database the CLI cannot open the folder while we hold it: it asks us.
  if (database.engine === 'pglite')
    services.push(await startOperatorChannel({ database, config, clock: systemClock, logger }));
}

/** Plain stdout, not the JSON log: this is for the person who just ran `npm start`. */
function printBanner(
  config: Config,
  database: Database,
  url: string,
  demo: DemoCredentials | undefined,
): void {
  console.log(`SmartPay is running at ${url}`);
  if (config.apiDocs) console.log(`API docs: ${url}${docsPath}`);
  console.log(`Database: ${describeDatabase(config, database)}`);
  if (demo) {
    console.log('Demo customers (demo only, never in production):');
    for (const customer of demo.customers)
      console.log(`  ${customer.name}: CIF ${customer.cif}, password ${customer.password}`);
  }
  if (config.smsProvider === 'development')
    console.log('SMS codes are printed in this log and listed by `npm run smartpay -- sms list`.');
}

function describeDatabase(config: Config, database: Database): string {
  if (database.engine === 'pglite' || config.databaseUrl === undefined)
    return `embedded PGlite, data folder ${config.dataDir}`;
  // Hosts and database name only: the password must not reach a terminal or its scrollback.
  return `PostgreSQL ${describePostgresTarget(config.databaseUrl)}`;
}

main().catch((error: unknown) => {
  // Configuration refusals are for the operator to read; anything else needs its stack.
  const message = isDomainError(error)
    ? error.message
    : error instanceof Error
      ? error.stack
      : error;
  console.error(`SmartPay could not start: ${String(message)}`);
  process.exit(1);
});
