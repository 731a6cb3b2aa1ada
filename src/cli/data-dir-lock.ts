/**
 * The embedded database belongs to one process at a time: two PGlite instances writing the same
 * folder would corrupt it. Whoever opens the folder (the server, or the CLI when no server runs)
 * first creates `<dataDir>/smartpay.lock` holding its pid. A lock whose process is gone (a crash,
 * kill -9) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../core/errors.ts';

export const lockFileName = 'smartpay.lock';

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void;
}

/** Takes the lock or throws OPERATOR_CHANNEL_BUSY naming the process that holds it. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, lockFileName);
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(lockPath)) return heldLock(lockPath);
    const holder = readHolder(lockPath);
    if (holder !== undefined && isAlive(holder)) throw inUse(holder, lockPath);
    // Stale (or unreadable, e.g. a crash between create and write): take it over. Two processes
    // taking over the same stale lock at the same instant is the one race left; after a crash
    // an operator starting two SmartPay processes in the same millisecond is not a real case.
    removeIfPresent(lockPath);
  }
  const holder = readHolder(lockPath);
  throw inUse(holder ?? 0, lockPath);
}

/** O_EXCL: creating the file is the atomic test-and-set. */
function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function heldLock(lockPath: string): DataDirLock {
  let held = true;
  return {
    path: lockPath,
    release() {
      if (!held) return;
      held = false;
      if (readHolder(lockPath) === process.pid) removeIfPresent(lockPath);
    },
  };
}

function readHolder(lockPath: string): number | undefined {
  try {
    const text = readFileSync(lockPath, 'utf8').trim();
    return /^[0-9]{1,10}$/.test(text) ? Number.parseInt(text, 10) : undefined;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Signal 0 checks for existence only; EPERM means it exists but belongs to another user. */
function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function removeIfPresent(lockPath: string): void {
  try {
    unlinkSync(lockPath);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

function inUse(pid: number, lockPath: string): DomainError {
  return new DomainError(
    'OPERATOR_CHANNEL_BUSY',
    `the data folder is in use by process ${pid} (lock file ${lockPath}; ` +
      'if that process is not SmartPay, remove the file)',
    { pid },
  );
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
