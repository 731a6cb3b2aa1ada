/** Starts the outbox dispatcher with the handlers of every topic this process sends. */
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Config } from '../core/config.ts';
import type { Database } from '../db/connection.ts';
import { type Dispatcher, type OutboxHandler, smsLeaseMs, startDispatcher } from './dispatcher.ts';
import { type SmsSender, smsSenderFor } from './sms.ts';

export function smsHandler(sender: SmsSender): OutboxHandler {
  return async (db, message) => {
    const { phone, text, cif } = message.payload as { phone: string; text: string; cif?: string };
    await sender.send(db, { phone, text, cif: cif ?? null });
    // The text holds a live code: once sent, the outbox keeps only that a message went out.
    await sql`update outbox set payload = payload - 'text' where id = ${message.id}`.execute(db);
  };
}

export function startNotifications(
  database: Database,
  config: Config,
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>,
  extraHandlers: Readonly<Record<string, OutboxHandler>> = {},
): Dispatcher {
  return startDispatcher({
    database,
    handlers: { sms: smsHandler(smsSenderFor(config, logger)), ...extraHandlers },
    leaseMs: smsLeaseMs(config.smsHttpTimeoutMs),
    ...(logger ? { logger } : {}),
  });
}
