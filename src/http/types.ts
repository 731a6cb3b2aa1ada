/**
 * What every route plugin can reach through the Fastify instance. Decorations are typed here once
 * (module augmentation) so a plugin writes `app.deps.database` without casts.
 */
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { LoggerOptions } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../db/connection.ts';
import type { SettingsCache } from '../db/settings.ts';
import type { InternalAccounts } from '../ledger/internal-accounts.ts';

/** What the app is built from. */
export interface AppInputs {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
}

/** The ports route plugins may use; modules receive them as arguments, never as globals. */
export interface RouteDeps extends AppInputs {
  /** Bank settings cached for this app's database (db/settings.ts). */
  readonly settings: SettingsCache;
  /** Internal account ids (fee income, FX positions) cached for this app's database. */
  readonly internalAccounts: InternalAccounts;
}

export interface AppDeps extends AppInputs {
  /** A ready pino logger (main shares its own) or options for one; redaction is added to options. */
  readonly logger?: FastifyBaseLogger | LoggerOptions;
}

/**
 * Shutdown has two steps: `draining` makes /health/ready answer 503 so a load balancer stops
 * sending traffic while requests are still served; `closing` refuses new requests outright.
 */
export interface Lifecycle {
  draining: boolean;
  closing: boolean;
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    readonly deps: RouteDeps;
    /** This app's own Prometheus registry: modules add their counters here, not to the global one. */
    readonly metrics: Registry;
    readonly lifecycle: Lifecycle;
  }
}
