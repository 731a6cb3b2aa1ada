/** Storage of bank settings: rows override the defaults of core/settings.ts. */
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
  const rows = await db.selectFrom('bank_settings').select(['key', 'value']).execute();
  const settings: Record<string, bigint> = { ...defaultSettings() };
  for (const row of rows)
    if (isSettingKey(row.key)) settings[row.key] = parseSettingValue(row.key, row.value);
  return Object.freeze(settings) as BankSettings;
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
