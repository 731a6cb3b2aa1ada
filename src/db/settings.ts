/**
 * Storage of bank settings: rows override the defaults of core/settings.ts. A trigger bumps
 * bank_settings_version on every change (migration 0008), so a server process keeps them cached
 * and reloads only when the version it sees differs from the cached one, whichever process or
 * CLI changed them.
 */
import { sql } from 'kysely';
import {
  type BankSettings,
  type SettingKey,
  defaultSettings,
  isSettingKey,
  parseSettingValue,
} from '../core/settings.ts';
import { recordAudit } from './audit.ts';
import type { Executor } from './transaction.ts';

export async function loadSettings(db: Executor): Promise<BankSettings> {
  return (await loadVersionedSettings(db)).settings;
}

export interface VersionedSettings {
  readonly version: bigint;
  readonly settings: BankSettings;
}

/** The rows and their version in one statement, so the cache never pairs old rows with a new version. */
async function loadVersionedSettings(db: Executor): Promise<VersionedSettings> {
  const { rows } = await sql<{ version: bigint; key: string | null; value: string | null }>`
    select v.version, s.key, s.value
      from bank_settings_version v left join bank_settings s on true`.execute(db);
  const settings: Record<string, bigint> = { ...defaultSettings() };
  for (const row of rows)
    if (row.key !== null && row.value !== null && isSettingKey(row.key))
      settings[row.key] = parseSettingValue(row.key, row.value);
  return {
    version: BigInt(rows[0]?.version ?? 0n),
    settings: Object.freeze(settings) as BankSettings,
  };
}

/** The version to compare with the cache, as a SQL expression to fold into a statement that runs anyway. */
export const settingsVersionSql = sql<bigint>`(select version from bank_settings_version)`;

/** Bank settings cached per process (per database), reloaded when their version moves. */
export interface SettingsCache {
  /** The settings of `version` (read by the caller in a statement it needed anyway). */
  atVersion(db: Executor, version: bigint): Promise<BankSettings>;
  /** One small read of the version, then the cached settings or a reload. */
  current(db: Executor): Promise<BankSettings>;
  /** What is cached now, without asking the database (undefined before the first load). */
  peek(): VersionedSettings | undefined;
}

export function settingsCache(): SettingsCache {
  let cached: VersionedSettings | undefined;
  const atVersion = async (db: Executor, version: bigint) => {
    if (cached?.version === version) return cached.settings;
    const loaded = await loadVersionedSettings(db);
    // Concurrent reloads may finish out of order: keep the newest.
    if (!cached || loaded.version >= cached.version) cached = loaded;
    return loaded.settings;
  };
  return {
    atVersion,
    peek: () => cached,
    async current(db) {
      const { rows } = await sql<{
        version: bigint;
      }>`select ${settingsVersionSql} as version`.execute(db);
      return atVersion(db, BigInt(rows[0]?.version ?? 0n));
    },
  };
}

export async function updateSetting(
  db: Executor,
  key: SettingKey,
  text: string,
  actor: string,
): Promise<bigint> {
  const value = parseSettingValue(key, text);
  const stored = text.trim();
  await db
    .insertInto('bank_settings')
    .values({ key, value: stored, updated_by: actor })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: stored, updated_by: actor, updated_at: new Date() }),
    )
    .execute();
  await recordAudit(db, {
    actor,
    action: 'settings.set',
    subject: key,
    details: { value: stored },
  });
  return value;
}
