/** No secret, password, OTP or full token in any log (DESIGN.md §6), however it is logged. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, redactUrl } from '../../src/http/logging.ts';

function capture(): { logger: pino.Logger; lines: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(loggerOptions('info'), sink), lines: () => chunks.join('') };
}

describe('log redaction', () => {
  it('hides passwords, SMS codes, tokens and auth headers at any logged depth', () => {
    const { logger, lines } = capture();
    logger.info({ password: 'hunter2-top', body: { cif: '100200', code: '4821' } }, 'login');
    logger.info({
      req: { headers: { authorization: 'Bearer tok-secret-1', cookie: 's=tok-secret-2' } },
    });
    logger.info({
      session: { token: 'tok-secret-3' },
      input: { otp: '9931', newPassword: 'pw-new-1' },
    });
    logger.info({ req: null, res: null }, 'odd objects must not break logging');
    const output = lines();
    for (const secret of [
      'hunter2-top',
      '4821',
      'tok-secret-1',
      'tok-secret-2',
      'tok-secret-3',
      '9931',
      'pw-new-1',
    ])
      expect(output).not.toContain(secret);
    expect(output).toContain('"cif":"100200"');
    expect(output).toContain('[redacted]');
  });

  it('logs a request as method, redacted URL and address, never its headers', () => {
    const { logger, lines } = capture();
    const request = {
      method: 'GET',
      url: '/api/events?token=abc123&cursor=c1',
      ip: '127.0.0.1',
      headers: { authorization: 'Bearer tok-secret-4' },
    };
    logger.info({ req: request }, 'incoming request');
    const logged = JSON.parse(lines()) as { req: unknown };
    expect(logged.req).toEqual({
      method: 'GET',
      url: '/api/events?token=[redacted]&cursor=c1',
      remoteAddress: '127.0.0.1',
    });
  });

  it('redacts secret query parameters wherever they sit in the URL', () => {
    expect(redactUrl('/a?code=1234')).toBe('/a?code=[redacted]');
    expect(redactUrl('/a?x=1&Password=p#frag')).toBe('/a?x=1&Password=[redacted]#frag');
    expect(redactUrl('/a?barcode=1')).toBe('/a?barcode=1');
  });
});
