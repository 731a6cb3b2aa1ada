/**
 * Counts the statements each unit of work sends to the database (BEGIN and COMMIT included, as
 * the server sees them), so the HTTP layer can publish statements per request and a test can hold
 * the hot paths to their budgets. The count lives in an AsyncLocalStorage scope that the caller
 * opens (one per HTTP request); outside a scope nothing is counted.
 *
 * It wraps the dialect's driver rather than being a Kysely plugin because plugins never see the
 * transaction statements, and a round trip is a round trip.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

export interface StatementTally {
  statements: number;
}

const scope = new AsyncLocalStorage<StatementTally>();

/** Runs `work` with its own tally: every statement sent while it runs is counted there. */
export function withStatementTally<T>(tally: StatementTally, work: () => T): T {
  return scope.run(tally, work);
}

/** Runs background work outside any tally: a hub woken by a NOTIFY that PGlite delivers inside
 * a request's COMMIT must not count its reads to that request. */
export function outsideStatementTally<T>(work: () => T): T {
  return scope.exit(work);
}

/** The tally of the scope the caller runs in, if any. */
export function currentStatementTally(): StatementTally | undefined {
  return scope.getStore();
}

function countOne(): void {
  const tally = scope.getStore();
  if (tally) tally.statements += 1;
}

class CountingConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    countOne();
    return this.inner.executeQuery<R>(query);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    countOne();
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** Passes the counting connection to transaction commands (so BEGIN/COMMIT count) and the
 * driver's own connection back when releasing it. */
class CountingDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new CountingConnection(await this.inner.acquireConnection());
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  /** The driver's own connection: a failed ROLLBACK marks it for discard through a private
   * method that only the driver's connection has (a dropped connection must leave the pool). */
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    countOne();
    const own = connection instanceof CountingConnection ? connection.inner : connection;
    return this.inner.rollbackTransaction(own);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as CountingConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The same dialect, with every statement of its connections counted in the current scope. */
export function countingDialect(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new CountingDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
