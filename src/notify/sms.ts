/**
 * SMS providers behind one interface. The development provider keeps messages in the database
 * (smartpay sms list) and prints them to the log; the HTTP provider POSTs JSON to the bank's SMS
 * gateway with a timeout and retries. Production refuses the development provider (core/config).
 */
import type { Logger } from 'pino';
import type { Config } from '../core/config.ts';
import type { Executor } from '../db/transaction.ts';

export interface SmsMessage {
  readonly phone: string;
  readonly text: string;
  readonly cif?: string | null;
}

export interface SmsSender {
  readonly name: string;
  send(db: Executor, message: SmsMessage): Promise<void>;
}

export function developmentSms(logger?: Pick<Logger, 'info'>): SmsSender {
  return {
    name: 'development',
    async send(db, message) {
      await db
        .insertInto('sms_messages')
        .values({ phone: message.phone, cif: message.cif ?? null, text: message.text })
        .execute();
      // The development provider exists to show codes to the person trying the demo.
      logger?.info(
        { sms: { to: message.phone, cif: message.cif, text: message.text } },
        `SMS to ${message.phone}: ${message.text}`,
      );
    },
  };
}

export interface HttpSmsOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly attemptsMax?: number;
  readonly fetch?: typeof fetch;
}

export class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';
}

export function httpSms(options: HttpSmsOptions): SmsSender {
  const attemptsMax = options.attemptsMax ?? 3;
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'http',
    async send(_db, message) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= attemptsMax; attempt++) {
        try {
          const response = await doFetch(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ to: message.phone, text: message.text }),
            signal: AbortSignal.timeout(options.timeoutMs),
          });
          if (response.ok) return;
          lastError = new SmsDeliveryError(`SMS gateway answered ${response.status}`);
          if (response.status < 500 && response.status !== 429) break; // the request itself is wrong: do not repeat it
        } catch (error) {
          lastError = error;
        }
        if (attempt < attemptsMax)
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
      throw lastError instanceof Error ? lastError : new SmsDeliveryError(String(lastError));
    },
  };
}

export function smsSenderFor(config: Config, logger?: Pick<Logger, 'info'>): SmsSender {
  if (config.smsProvider === 'http') {
    if (!config.smsHttpUrl)
      throw new Error('SMARTPAY_SMS_HTTP_URL is required with SMARTPAY_SMS_PROVIDER=http');
    return httpSms({ url: config.smsHttpUrl, timeoutMs: config.smsHttpTimeoutMs });
  }
  return developmentSms(logger);
}

export async function listSentSms(db: Executor, query: { cif?: string; limit?: number } = {}) {
  let select = db
    .selectFrom('sms_messages')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(query.limit ?? 20, 500));
  if (query.cif) select = select.where('cif', '=', query.cif);
  return select.execute();
}
