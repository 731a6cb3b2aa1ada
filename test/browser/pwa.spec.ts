/**
 * The installable app as the server delivers it: the manifest and its icons, the service worker
 * (which keeps the app shell only), index.html at every app path, and cache headers that let a
 * new release show at once while hashed assets are kept for good.
 */
import { label } from './pages/labels.ts';
import { expect, test } from './support/fixtures.ts';

test('the app installs: manifest, icons and a service worker that keeps the shell only', async ({
  request,
}) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as {
    icons: { src: string; type: string; purpose: string }[];
    display: string;
    start_url: string;
  };
  expect(body).toMatchObject({ display: 'standalone', start_url: '/' });
  expect(body.icons.map((icon) => icon.purpose)).toEqual(
    expect.arrayContaining(['any', 'maskable']),
  );
  for (const icon of body.icons) {
    const picture = await request.get(icon.src);
    expect(picture.status(), icon.src).toBe(200);
    expect(picture.headers()['content-type']).toContain(icon.type);
  }

  const worker = await request.get('/sw.js');
  expect(worker.headers()['cache-control']).toBe('no-cache');
  const source = await worker.text();
  expect(source).toContain("url.pathname.startsWith('/api')");
  expect(source).not.toMatch(/https?:\/\//);
});

test('index.html answers every app path, hashed assets are cached for good, the API is not', async ({
  request,
}) => {
  const html = { accept: 'text/html,application/xhtml+xml' };
  const index = await request.get('/requests/some-id', { headers: html });
  expect(index.status()).toBe(200);
  expect(index.headers()['cache-control']).toBe('no-cache');
  expect(index.headers()['content-security-policy']).toContain(
    "script-src 'self' 'wasm-unsafe-eval'",
  );
  const page = await index.text();
  expect(page).not.toMatch(/https?:\/\/(?!localhost)/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(page)?.[1] ?? '';
  const asset = await request.get(script);
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');

  const api = await request.get('/api/no-such-thing', { headers: html });
  expect(api.status()).toBe(404);
  expect(api.headers()['content-type']).toContain('application/problem+json');
});

test('the service worker registers and serves the shell offline', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names[0] ?? '');
      return (await cache.keys()).map((request) => new URL(request.url).pathname);
    });
    expect(cached).toContain('/');
    expect(cached.some((path) => path.startsWith('/assets/') && path.endsWith('.js'))).toBe(true);
    expect(cached.some((path) => path.startsWith('/api'))).toBe(false);
    await context.setOffline(true);
    await page.reload();
    // The shell comes from the cache; the bank cannot be reached, and the app says so.
    await expect(page.getByRole('heading', { name: label('sq', 'offline.title') })).toBeVisible();
  } finally {
    await context.close();
  }
});
