/**
 * Security headers on every answer (DESIGN.md §6). The CSP allows only this origin: the web app
 * is served from the same port, and nothing is loaded from a CDN.
 */
import helmet from '@fastify/helmet';
import type { App } from './types.ts';

const baseDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // data: and blob: for QR pictures drawn in the browser and the gallery picture being scanned.
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  // 'wasm-unsafe-eval' lets the web app compile its own bundled QR decoder (WebAssembly) and
  // nothing else: eval() and inline scripts stay refused.
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
};

/**
 * Swagger UI sets inline styles, so its pages (and only those) get 'unsafe-inline' for styles;
 * scripts stay 'self'. The UI is served from our own files and never calls the online validator.
 */
export const docsContentSecurityPolicy = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

export async function installSecurityHeaders(app: App, production: boolean): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // Browsers would upgrade http://localhost requests too, which breaks `npm start` locally.
      directives: production ? { ...baseDirectives, upgradeInsecureRequests: [] } : baseDirectives,
    },
    // HSTS on a plain-http development server would pin localhost to https for a year.
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    // The same answer as the CSP's frame-ancestors 'none', for browsers that predate it.
    frameguard: { action: 'deny' },
  });
  // Account data must not linger in shared or browser caches; a route may still set its own.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });
}
