/**
 * The data folder lock names its holder by pid, start time and boot id, so a lock left behind by
 * a killed server never blocks the restart, even when the pid it names is alive again (ours after
 * a container restart, or another process's), while a live holder still keeps others out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, lockFileName } from '../../src/cli/data-dir-lock.ts';

const onLinux = process.platform === 'linux';

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

describe.runIf(onLinux)('data folder lock identity', () => {
  let dataDir: string;
  let lockPath: string;
  let other: ChildProcess;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-lock-'));
    lockPath = path.join(dataDir, lockFileName);
    // A live process that is not SmartPay and not us.
    other = spawn('sleep', ['60'], { stdio: 'ignore' });
  });
  afterAll(() => {
    other.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records pid, start time and boot id', () => {
    const lock = acquireDataDirLock(dataDir);
    const lines = readFileSync(lockPath, 'utf8').trim().split('\n');
    expect(lines).toEqual([
      String(process.pid),
      `start=${startTimeOf(process.pid)}`,
      `boot=${bootId()}`,
    ]);
    lock.release();
  });

  it("a lock left with this process's own pid (a restart that got the same pid) is stale", () => {
    writeFileSync(lockPath, `${process.pid}\nstart=1\nboot=${bootId()}\n`);
    const lock = acquireDataDirLock(dataDir);
    lock.release();
    // Also in the old pid-only format.
    writeFileSync(lockPath, `${process.pid}\n`);
    acquireDataDirLock(dataDir).release();
  });

  it('a lock naming a live pid that started at another time is stale', () => {
    const pid = other.pid ?? 0;
    writeFileSync(lockPath, `${pid}\nstart=${Number(startTimeOf(pid)) + 1}\nboot=${bootId()}\n`);
    const lock = acquireDataDirLock(dataDir);
    expect(readFileSync(lockPath, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
  });

  it('a lock written before a reboot is stale', () => {
    const pid = other.pid ?? 0;
    writeFileSync(lockPath, `${pid}\nstart=${startTimeOf(pid)}\nboot=another-boot\n`);
    acquireDataDirLock(dataDir).release();
  });

  it('a live holder with its own start time and boot keeps the folder', () => {
    const pid = other.pid ?? 0;
    writeFileSync(lockPath, `${pid}\nstart=${startTimeOf(pid)}\nboot=${bootId()}\n`);
    expect(() => acquireDataDirLock(dataDir)).toThrowError(`in use by process ${pid}`);
    rmSync(lockPath);
  });
});
