/** `smartpay customer set-password | unlock | devices`: the operator side of logins. */
import { inTransaction } from '../../db/transaction.ts';
import { getCustomerByCif, setCustomerPassword } from '../../identity/customers.ts';
import { listDevices } from '../../identity/devices.ts';
import type { Device } from '../../identity/views.ts';
import { unlockLogin } from '../../identity/lockout.ts';
import { textArg } from '../arguments.ts';
import { type CommandSpec, defineCommand } from '../registry.ts';
import { table } from '../render.ts';

const setPassword = defineCommand<{ cif: string; sessionsEnded: boolean }>({
  name: 'customer set-password',
  summary: "reset a customer's mobile-banking password (ends their open sessions)",
  arguments: [{ name: 'cif', description: 'customer number' }],
  options: [
    { flags: '--password <password>', description: 'the new password (at least 8 characters)' },
    { flags: '--password-stdin', description: 'read the password from standard input instead' },
  ],
  async run(context, args) {
    const password = typeof args.password === 'string' ? args.password : '';
    const customer = await inTransaction(context.database, (trx) =>
      setCustomerPassword(trx, textArg(args, 'cif'), password, context.actor, context.clock.now()),
    );
    return { cif: customer.cif, sessionsEnded: true };
  },
  render: ({ cif }) => `Password of ${cif} changed; their open sessions have ended.`,
});

const unlock = defineCommand<{ cif: string; wasLocked: boolean }>({
  name: 'customer unlock',
  summary: 'clear the wrong-password lockout of a CIF',
  arguments: [{ name: 'cif', description: 'customer number' }],
  async run(context, args) {
    const cif = textArg(args, 'cif');
    const wasLocked = await inTransaction(context.database, (trx) =>
      unlockLogin(trx, cif, context.actor),
    );
    return { cif, wasLocked };
  },
  render: ({ cif, wasLocked }) =>
    wasLocked ? `Login of ${cif} unlocked.` : `${cif} had no failed logins to clear.`,
});

const devices = defineCommand<{
  cif: string;
  devices: Device[];
}>({
  name: 'customer devices',
  summary: "a customer's trusted devices (SmartOTP)",
  arguments: [{ name: 'cif', description: 'customer number' }],
  async run(context, args) {
    const customer = await getCustomerByCif(context.database.db, textArg(args, 'cif'));
    return { cif: customer.cif, devices: await listDevices(context.database.db, customer.id) };
  },
  render: ({ devices: list }) =>
    list.length === 0
      ? 'No trusted devices.'
      : table(
          ['Id', 'Name', 'Trusted', 'Last used'],
          list.map((d) => [d.id, d.name, d.createdAt, d.lastUsedAt ?? '—']),
        ),
});

export const identityCommands: readonly CommandSpec[] = [setPassword, unlock, devices];
