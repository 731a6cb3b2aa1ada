/**
 * Where @fastify/rate-limit counts: process memory by default (one process), or Redis when
 * SMARTPAY_RATE_LIMIT_REDIS_URL is set, so N instances behind a load balancer share one count
 * instead of allowing N times the limit. If Redis fails, requests pass (skipOnError) and the
 * database guards (lockout, the budget of wrong SMS codes, the per-CIF rate) still hold.
 */
import { Redis } from 'ioredis';
import type { Config } from '../core/config.ts';
import type { App } from './types.ts';

export interface RateLimitStoreOptions {
  readonly redis?: Redis;
  readonly nameSpace?: string;
  readonly skipOnError: boolean;
}

export function rateLimitStore(
  app: App,
  config: Pick<Config, 'rateLimitRedisUrl' | 'rateLimitRedisPrefix'>,
): RateLimitStoreOptions {
  if (!config.rateLimitRedisUrl) return { skipOnError: false };
  const redis = new Redis(config.rateLimitRedisUrl, {
    // A rate limit that waits for a Redis that is away would hold every login: fail fast.
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
  });
  redis.on('error', (error: unknown) =>
    app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable'),
  );
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return { redis, nameSpace: config.rateLimitRedisPrefix, skipOnError: true };
}
