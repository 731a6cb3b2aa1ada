/**
 * Shutdown order and patience, with the process exit replaced: the server drains and closes
 * first, services stop next, the database last; a second signal or a hanging shutdown exits 1.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { shutDown, signalHandler, type BackgroundService } from '../../src/http/shutdown.ts';

const logger = pino({ level: 'silent' });

function recorder() {
  const steps: string[] = [];
  const closable = (name: string) => ({
    close: async () => {
      steps.push(name);
    },
  });
  const service = (name: string, fail = false): BackgroundService => ({
    name,
    stop: async () => {
      steps.push(name);
      if (fail) throw new Error(`${name} failed`);
    },
  });
  return { steps, closable, service };
}

function exitRecorder() {
  const codes: number[] = [];
  let resolve: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolve = r));
  return {
    codes,
    exited,
    exit: (code: number) => {
      codes.push(code);
      resolve(code);
    },
  };
}

describe('shutdown', () => {
  it('drains and closes the server, then stops services in reverse order, then the database', async () => {
    const { steps, closable, service } = recorder();
    await shutDown({
      logger,
      services: [service('operator channel'), service('roll-up', true)],
      server: closable('server'),
      database: closable('database'),
    });
    // The server first: the dispatcher still sends what the last requests wrote.
    expect(steps).toEqual(['server', 'roll-up', 'operator channel', 'database']);
  });

  it('the first signal exits 0 once everything is closed', async () => {
    const { steps, closable } = recorder();
    const exit = exitRecorder();
    const onSignal = signalHandler(
      { logger, services: [], server: closable('server'), database: closable('database') },
      { exit: exit.exit },
    );
    onSignal('SIGTERM');
    expect(await exit.exited).toBe(0);
    expect(steps).toEqual(['server', 'database']);
  });

  it('a second signal during shutdown exits 1 at once', async () => {
    const exit = exitRecorder();
    const hanging = { close: () => new Promise<void>(() => {}) };
    const onSignal = signalHandler(
      { logger, services: [], server: hanging, database: hanging },
      { exit: exit.exit, timeoutMs: 60_000 },
    );
    onSignal('SIGTERM');
    onSignal('SIGINT');
    expect(exit.codes).toEqual([1]);
  });

  it('a shutdown that takes too long exits 1', async () => {
    const exit = exitRecorder();
    const hanging = { close: () => new Promise<void>(() => {}) };
    signalHandler(
      { logger, services: [], server: hanging, database: hanging },
      { exit: exit.exit, timeoutMs: 50 },
    )('SIGTERM');
    expect(await exit.exited).toBe(1);
  });
});
