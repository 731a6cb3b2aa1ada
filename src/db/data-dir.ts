/**
 * The data folder holds the customers' database: only its owner may enter it. PGlite makes its
 * files 0666 whatever the umask, so the folder is tightened at every start (folders 0700, files
 * 0600 by clearing the group and other bits), and once more after the database has opened and
 * migrated. Files PGlite creates later stay inside a folder nobody else can enter.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ownerOnlyDir = 0o700;
const groupAndOther = 0o077;

/** Creates the folder 0700 if missing, and takes group and other access off everything in it. */
export function secureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: ownerOnlyDir });
  chmodSync(dataDir, ownerOnlyDir);
  tighten(dataDir);
}

function tighten(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Symbolic links are not followed: chmod would change their targets, wherever they are.
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      chmodSync(full, ownerOnlyDir);
      tighten(full);
      continue;
    }
    const mode = lstatSync(full).mode & 0o7777;
    if ((mode & groupAndOther) !== 0) chmodSync(full, mode & ~groupAndOther & 0o700);
  }
}
