import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from './service-worker-plugin.ts';

describe('the service worker keeps the app shell only', () => {
  const source = serviceWorkerSource('smartpay-shell-test', ['/', '/assets/index-abc.js']);

  it('precaches the shell files it is given', () => {
    expect(source).toContain('"/assets/index-abc.js"');
    expect(source).toContain('"smartpay-shell-test"');
  });

  it('leaves /api answers to the network, uncached', () => {
    expect(source).toMatch(/url\.pathname\.startsWith\('\/api'\)[^\n]*return;/);
    expect(source).not.toMatch(/cache\.put\([^)]*api/);
  });
});
