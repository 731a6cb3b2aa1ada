/**
 * The embedded database belongs to one process at a time: two PGlite instances writing the same
 * folder would corrupt it. Whoever opens the folder (the server, or the CLI when no server runs)
 * first creates `<dataDir>/smartpay.lock` naming itself: its pid on the first line, then the
 * process's start time (from /proc/PID/stat) and the kernel's boot id. A lock whose process is
 * gone (a crash, kill -9) is stale and taken over.
 *
 * A pid alone is not an identity: after a kill -9 or an OOM kill in a container the restarted
 * server often gets the very same pid (or another process has it by then), so "a process with
 * that pid is alive" would block the restart for good. A lock names a live holder only when that
 * pid is alive, started at the recorded instant, since this boot, and is not this process (unless
 * this process took the lock itself and still holds it).
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
    if (holder !== undefined && isLiveHolder(holder, lockPath)) throw inUse(holder.pid, lockPath);
    // Stale (or unreadable, e.g. a crash between create and write): take it over. Two processes
    // taking over the same stale lock at the same instant is the one race left; after a crash
    // an operator starting two SmartPay processes in the same millisecond is not a real case.
    removeIfPresent(lockPath);
  }
  const holder = readHolder(lockPath);
  throw inUse(holder?.pid ?? 0, lockPath);
}

/** What the lock file says about the process that wrote it. */
interface Holder {
  readonly pid: number;
  /** Absent in a lock written by an older SmartPay (pid only) or where /proc is missing. */
  readonly startTime?: string;
  readonly bootId?: string;
}

/** Lock paths this process holds now: the same pid in a lock file means us only for these. */
const heldByThisProcess = new Set<string>();

function isLiveHolder(holder: Holder, lockPath: string): boolean {
  if (holder.pid === process.pid) return heldByThisProcess.has(lockPath);
  if (!isAlive(holder.pid)) return false;
  const bootId = currentBootId();
  if (holder.bootId !== undefined && bootId !== undefined && holder.bootId !== bootId) return false; // written before a reboot: every pid since is another process
  const startTime = processStartTime(holder.pid);
  if (holder.startTime !== undefined && startTime !== undefined)
    return holder.startTime === startTime;
  return true; // no identity to compare: a live pid must be taken for the holder
}

/** Field 22 of /proc/PID/stat: clock ticks since boot when the process started. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or ')': skip past the last.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19]; // fields[0] is field 3 (state), so field 22 is fields[19]
  } catch {
    return undefined;
  }
}

function currentBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function describeThisProcess(): string {
  const lines = [String(process.pid)];
  const startTime = processStartTime(process.pid);
  const bootId = currentBootId();
  if (startTime !== undefined) lines.push(`start=${startTime}`);
  if (bootId !== undefined) lines.push(`boot=${bootId}`);
  return `${lines.join('\n')}\n`;
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
    writeSync(fd, describeThisProcess());
  } finally {
    closeSync(fd);
  }
  return true;
}

function heldLock(lockPath: string): DataDirLock {
  let held = true;
  heldByThisProcess.add(lockPath);
  return {
    path: lockPath,
    release() {
      if (!held) return;
      held = false;
      heldByThisProcess.delete(lockPath);
      if (readHolder(lockPath)?.pid === process.pid) removeIfPresent(lockPath);
    },
  };
}

function readHolder(lockPath: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const [first = '', ...rest] = text.split('\n').map((line) => line.trim());
  if (!/^[0-9]{1,10}$/.test(first)) return undefined;
  const field = (name: string) =>
    rest.find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1) || undefined;
  const startTime = field('start');
  const bootId = field('boot');
  return {
    pid: Number.parseInt(first, 10),
    ...(startTime !== undefined && { startTime }),
    ...(bootId !== undefined && { bootId }),
  };
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
