/** Every operator command, in the order `smartpay --help` lists them. */
import type { CommandSpec } from '../registry.ts';
import { accountCommands } from './account.ts';
import { customerCommands } from './customer.ts';
import { identityCommands } from './identity.ts';
import { ledgerCommands } from './ledger.ts';
import { holdCommands } from './holds.ts';
import { paymentCommands } from './payments.ts';
import { pricingCommands } from './pricing.ts';
import { receiptCommands } from './receipt.ts';
import { settingsCommands } from './settings.ts';
import { smsCommands } from './sms.ts';
import { systemCommands } from './system.ts';

export const commands: readonly CommandSpec[] = [
  ...customerCommands,
  ...identityCommands,
  ...accountCommands,
  ...pricingCommands,
  ...settingsCommands,
  ...ledgerCommands,
  ...paymentCommands,
  ...holdCommands,
  ...receiptCommands,
  ...smsCommands,
  ...systemCommands,
];

const byName = new Map(commands.map((command) => [command.name, command]));

/** The command named by its words, e.g. ["account", "deposit"]. */
export function findCommand(words: readonly string[]): CommandSpec | undefined {
  return byName.get(words.join(' '));
}
