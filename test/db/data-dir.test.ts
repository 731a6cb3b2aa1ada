/**
 * The data folder is the customers' database (issue 11, defect 2): it is 0700, created so and
 * tightened at every start for folders made earlier, and nothing inside it is reachable by
 * another user, PGlite's files (which it makes 0666 whatever the umask) included.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { secureDataDir } from '../../src/db/data-dir.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const root = mkdtempSync(path.join(tmpdir(), 'smartpay-data-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every path under `dir` whose mode lets group or others in. */
function reachableByOthers(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if ((modeOf(full) & 0o077) !== 0) found.push(`${full} ${modeOf(full).toString(8)}`);
    if (entry.isDirectory()) found.push(...reachableByOthers(full));
  }
  return found;
}

describe('the data folder', () => {
  it('is created 0700', () => {
    const dir = path.join(root, 'fresh', 'data');
    secureDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('made earlier with open modes, is tightened: folders 0700, files 0600', () => {
    const dir = path.join(root, 'old');
    mkdirSync(path.join(dir, 'base', '1'), { recursive: true });
    writeFileSync(path.join(dir, 'base', '1', '1259'), 'x');
    writeFileSync(path.join(dir, 'PG_VERSION'), '17');
    for (const p of ['', 'base', 'base/1']) chmodSync(path.join(dir, p), 0o777);
    for (const p of ['base/1/1259', 'PG_VERSION']) chmodSync(path.join(dir, p), 0o666);
    secureDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, 'base', '1'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'base', '1', '1259'))).toBe(0o600);
    expect(reachableByOthers(dir)).toEqual([]);
  });

  it("holds PGlite's files out of reach of other users once opened", async () => {
    const dir = path.join(root, 'pglite');
    secureDataDir(dir);
    const database = await openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(database);
      secureDataDir(dir);
      expect(modeOf(dir)).toBe(0o700);
      expect(reachableByOthers(dir)).toEqual([]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
