/**
 * Background jobs on several instances: each tick's work runs on one instance at a time (an
 * advisory lock on PostgreSQL), and a holder that goes away releases it for the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { runExclusively } from '../../src/db/job-lock.ts';
import { startExclusiveJob } from '../../src/jobs.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/database.ts';

const quiet = { warn: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let first: TestDatabase;
/** A second "instance": its own pool on the same database (PostgreSQL only). */
let second: Database | undefined;

beforeAll(async () => {
  first = await createTestDatabase();
  if (onPostgres && first.url) second = await openDatabase({ databaseUrl: first.url, poolSize: 4 });
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe('jobs across instances', () => {
  it('runs the work when no other instance holds the job', async () => {
    const outcome = await runExclusively(first, 'test job', async () => 42);
    expect(outcome).toEqual({ ran: true, result: 42 });
  });

  it.runIf(onPostgres)('a second instance skips a job the first is running', async () => {
    const other = second as Database;
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = runExclusively(first, 'sweep', () => held.then(() => 'first'));
    await sleep(200);
    expect(await runExclusively(other, 'sweep', async () => 'second')).toEqual({ ran: false });
    // Another job's name is another lock.
    expect(await runExclusively(other, 'roll-up', async () => 'x')).toEqual({
      ran: true,
      result: 'x',
    });
    release();
    expect(await running).toEqual({ ran: true, result: 'first' });
    expect(await runExclusively(other, 'sweep', async () => 'second')).toEqual({
      ran: true,
      result: 'second',
    });
  });

  it.runIf(onPostgres)('periodic jobs on two instances never run at the same time', async () => {
    let concurrent = 0;
    let concurrentMax = 0;
    let runs = 0;
    const work = async () => {
      concurrent += 1;
      runs += 1;
      concurrentMax = Math.max(concurrentMax, concurrent);
      await sleep(150);
      concurrent -= 1;
    };
    const jobs = [first, second as Database].map((database) =>
      startExclusiveJob(database, 'periodic test job', 20, work, quiet),
    );
    await sleep(2_000);
    await Promise.all(jobs.map((job) => job.stop()));
    expect(runs).toBeGreaterThan(3);
    expect(concurrentMax).toBe(1);
  });
});
