/**
 * The HTTP app, built by a factory and never listening by itself (main and tests decide that), so
 * tests drive it with `app.inject()` on their own database, clock and logger.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { settingsCache } from '../db/settings.ts';
import { internalAccountCache } from '../ledger/internal-accounts.ts';
import { createLogger } from './logging.ts';
import { installProblemHandlers } from './error-handler.ts';
import { installLifecycle } from './lifecycle.ts';
import { installMetrics } from './metrics.ts';
import { installOpenApi } from './openapi.ts';
import { echoRequestId, requestIdFor } from './request-id.ts';
import { apiRoutes } from './routes/index.ts';
import { healthRoutes } from './routes/health.ts';
import { verifyPageRoutes } from './routes/verify-page.ts';
import { installSecurityHeaders } from './security.ts';
import type { App, AppDeps } from './types.ts';

export type { App, AppDeps } from './types.ts';

/** The API takes small JSON documents; anything bigger is a mistake or an attack. */
export const bodyBytesMax = 64 * 1024;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app: App = Fastify({
    loggerInstance: loggerFor(deps),
    bodyLimit: bodyBytesMax,
    // A bound on every request (the database's own bounds answer first): a 503, never a hang.
    handlerTimeout: deps.config.requestTimeoutMs,
    // Read the header ourselves (genReqId) so only sane ids are trusted.
    requestIdHeader: false,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Idle keep-alive sockets must not hold shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
    // Our lifecycle hook answers with a problem instead of Fastify's bare 503 body.
    return503OnClosing: false,
    rewriteUrl: webAppNavigationRewrite,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // TypeBox checks bodies without coercion: a JSON number is never silently taken as a string
  // amount, and every failing field is reported, not only the first.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.decorate('deps', {
    config: deps.config,
    database: deps.database,
    clock: deps.clock,
    settings: settingsCache(),
    internalAccounts: internalAccountCache(),
  });
  // First, so every answer carries the id, even the refusals of a server that is closing.
  echoRequestId(app);
  installLifecycle(app);
  installProblemHandlers(app);
  await installSecurityHeaders(app, deps.config.env === 'production');
  // At the root so every module's auth can read the session cookie (one registration only).
  await app.register(cookie);
  installMetrics(app, deps.config.metricsListener === undefined);
  // Before any route: the OpenAPI generator only sees routes registered after it.
  await installOpenApi(app, deps.config.apiDocs);
  await app.register(healthRoutes);
  for (const routes of apiRoutes) await app.register(routes, { prefix: '/api' });
  // Public, outside /api: the page a receipt's QR code opens (server-rendered, no web app).
  await app.register(verifyPageRoutes);
  if (webAppBuilt()) await serveWebApp(app);
  return app;
}

/** The built web app (`npm run build:web`); absent in a checkout that has not built it yet. */
export const webDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const webAppBuilt = () => existsSync(`${webDistDir}index.html`);
const apiPrefixes = ['/api/', '/api?', '/health', '/metrics', '/verify/'];
/** Hashed file names change with their content, so they may be cached for good. */
const immutableAsset = /^\/assets\//;

/**
 * Browser navigations to the app's own paths (/requests, /pay/confirm, …) get index.html, like
 * connect-history-api-fallback: GET, HTML accepted, not the API, no file extension. Anything
 * else (API clients, unknown files) still gets the NOT_FOUND problem.
 */
function webAppNavigationRewrite(request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (request.method !== 'GET' && request.method !== 'HEAD') return url;
  if (!(request.headers.accept ?? '').includes('text/html')) return url;
  const path = url.split('?', 1)[0] ?? '/';
  if (path === '/' || url === '/api' || apiPrefixes.some((prefix) => url.startsWith(prefix)))
    return url;
  if (/\.[a-z0-9]+$/i.test(path) || !webAppBuilt()) return url;
  return '/index.html';
}

async function serveWebApp(app: App): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDistDir,
    // One route per built file, so unknown paths still reach the NOT_FOUND problem handler.
    wildcard: false,
    cacheControl: false,
    setHeaders: (response, filePath) =>
      response.setHeader(
        'cache-control',
        immutableAsset.test(filePath.slice(webDistDir.length - 1))
          ? 'public, max-age=31536000, immutable'
          : // index.html, the service worker and the manifest: always revalidated.
            'no-cache',
      ),
  });
}

function loggerFor(deps: AppDeps): FastifyBaseLogger {
  const given = deps.logger;
  if (given !== undefined && isLogger(given)) return given;
  return createLogger(deps.config.logLevel, given);
}

function isLogger(value: object): value is FastifyBaseLogger {
  return typeof (value as Partial<FastifyBaseLogger>).child === 'function';
}
