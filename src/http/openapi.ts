/**
 * The OpenAPI 3.1 document is generated from the route schemas that also validate requests
 * (DESIGN.md §5), so it cannot drift from the code. Swagger UI is served from our own files.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import packageJson from '../../package.json' with { type: 'json' };
import { docsContentSecurityPolicy } from './security.ts';
import type { App } from './types.ts';

export const openApiPath = '/api/openapi.json';
export const docsPath = '/api/docs';

/** The web app's session cookie (HttpOnly; Secure; SameSite=Strict), set by the login routes. */
export const sessionCookieName = 'smartpay_session';

/** `schema: { security: authenticated }` on routes that need a session, either way of sending it. */
export const authenticated = [{ bearerAuth: [] }, { cookieAuth: [] }];

const description = [
  'QR peer-to-peer instant payments between customers of the bank.',
  'Errors are RFC 9457 `application/problem+json` with a stable `code`.',
  'API clients send `Authorization: Bearer <token>`; the web app uses the session cookie.',
].join('\n\n');

/**
 * The generator is always installed (it sees every route's schema); the document and the UI are
 * served only when `serve` is on, which production leaves off unless SMARTPAY_API_DOCS says so.
 */
export async function installOpenApi(app: App, serve = true): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'SmartPay API', version: packageJson.version, description },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Session token from login' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: sessionCookieName },
        },
      },
    },
  });
  if (!serve) return;
  await app.register(swaggerUi, {
    routePrefix: docsPath,
    staticCSP: docsContentSecurityPolicy,
    uiConfig: { deepLinking: true },
    theme: { title: 'SmartPay API' },
  });
  app.get(openApiPath, { schema: { hide: true } }, async () => app.swagger());
}
