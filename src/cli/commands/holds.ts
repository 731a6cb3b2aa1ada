/**
 * `smartpay holds list | cancel`: payments held by their payer's cooling-off (issue 14 §2), for
 * operations staff: what is waiting and when it is released, what was refused at release and
 * why, and a cancel for a customer who calls in (audited like the customer's own "Anulo").
 */
import { DomainError } from '../../core/errors.ts';
import type { PaymentHoldStatus } from '../../db/schema.ts';
import { getCustomerByCif } from '../../identity/customers.ts';
import { cancelHoldAs, listHoldRecords } from '../../payments/holds.ts';
import type { PaymentHold } from '../../payments/views.ts';
import { integerArg, optionalTextArg, textArg } from '../arguments.ts';
import { type CommandSpec, type JsonObject, defineCommand } from '../registry.ts';
import { record, table } from '../render.ts';

type HoldJson = PaymentHold & JsonObject;

const statuses: readonly PaymentHoldStatus[] = ['held', 'released', 'cancelled', 'refused'];

function statusArg(text: string | undefined): PaymentHoldStatus | undefined {
  if (text === undefined) return undefined;
  const status = statuses.find((s) => s === text);
  if (!status)
    throw new DomainError('VALIDATION_FAILED', `status is one of ${statuses.join(', ')}`, {
      field: 'status',
    });
  return status;
}

const list = defineCommand<{ holds: HoldJson[] }>({
  name: 'holds list',
  summary: 'payments held by cooling-off, newest first',
  options: [
    { flags: '--status <status>', description: 'held, released, cancelled or refused' },
    { flags: '--cif <cif>', description: 'only holds this customer made or is the payee of' },
    { flags: '--limit <n>', description: 'at most this many (default 50, max 1000)' },
  ],
  async run(context, args) {
    const db = context.database.db;
    const cif = optionalTextArg(args, 'cif');
    const customerId = cif ? (await getCustomerByCif(db, cif)).id : undefined;
    const holds = await listHoldRecords(db, {
      customerId,
      status: statusArg(optionalTextArg(args, 'status')),
      limit: integerArg(args, 'limit', 50, 1, 1000),
    });
    return { holds: holds as unknown as HoldJson[] };
  },
  render: ({ holds }) =>
    table(
      ['Held at', 'Release at', 'Status', 'Payee', 'Amount', 'Debit', 'Refusal', 'Id'],
      holds.map((h) => [
        h.createdAt,
        h.releaseAt,
        h.status,
        h.payee.name,
        `${h.amount} ${h.currency}`,
        `${h.debit.amount} ${h.debit.currency}`,
        h.refusalCode ?? '',
        h.id,
      ]),
    ),
});

const cancel = defineCommand<{ hold: HoldJson }>({
  name: 'holds cancel',
  summary: 'cancel a held payment before its release (nothing moves)',
  arguments: [{ name: 'id', description: 'hold id' }],
  async run(context, args) {
    const hold = await cancelHoldAs(
      context.database.db,
      textArg(args, 'id'),
      context.actor,
      context.clock.now(),
      null,
    );
    return { hold: hold as unknown as HoldJson };
  },
  render: ({ hold }) =>
    record({
      Id: hold.id,
      Status: hold.status,
      Payee: hold.payee.name,
      Amount: `${hold.amount} ${hold.currency}`,
    }),
});

export const holdCommands: readonly CommandSpec[] = [list, cancel];
