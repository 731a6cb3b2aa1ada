/** `smartpay settings …`: the bank settings (limits, validity periods, lockout, sessions). */
import { DomainError } from '../../core/errors.ts';
import {
  type SettingKey,
  formatSetting,
  isSettingKey,
  settingDefinitions,
} from '../../core/settings.ts';
import { loadSettings, updateSetting } from '../../db/settings.ts';
import { inTransaction } from '../../db/transaction.ts';
import { textArg } from '../arguments.ts';
import { type CommandSpec, defineCommand } from '../registry.ts';
import { table } from '../render.ts';

type SettingView = { key: string; value: string; default: string; description: string };

const settingKeys = Object.keys(settingDefinitions).filter(isSettingKey);

function settingKeyArg(text: string): SettingKey {
  if (isSettingKey(text)) return text;
  throw new DomainError(
    'VALIDATION_FAILED',
    `Unknown setting ${text} (known: ${settingKeys.join(', ')})`,
    {
      field: 'key',
    },
  );
}

const show = defineCommand<{ settings: SettingView[] }>({
  name: 'settings show',
  summary: 'every bank setting with its value and default',
  async run(context) {
    const settings = await loadSettings(context.database.db);
    return {
      settings: settingKeys.map((key) => ({
        key,
        value: formatSetting(key, settings[key]),
        default: settingDefinitions[key].default,
        description: settingDefinitions[key].description,
      })),
    };
  },
  render: ({ settings }) =>
    table(
      ['Key', 'Value', 'Default', 'Meaning'],
      settings.map((s) => [s.key, s.value, s.default, s.description]),
    ),
});

const set = defineCommand<{ key: string; value: string; previous: string }>({
  name: 'settings set',
  summary: 'change a bank setting (audited)',
  arguments: [
    { name: 'key', description: 'setting key, e.g. limits.partial.perDay' },
    { name: 'value', description: 'new value, e.g. 150.00 (amounts are EUR)' },
  ],
  async run(context, args) {
    const key = settingKeyArg(textArg(args, 'key'));
    const text = textArg(args, 'value');
    return inTransaction(context.database, async (trx) => {
      const previous = formatSetting(key, (await loadSettings(trx))[key]);
      const value = await updateSetting(trx, key, text, context.actor);
      return { key, value: formatSetting(key, value), previous };
    });
  },
  render: ({ key, value, previous }) => `${key}: ${previous} → ${value}`,
});

export const settingsCommands: readonly CommandSpec[] = [show, set];
