/**
 * `smartpay request show`: one payment request as operations staff need it when a customer
 * calls: its status, amount and validity, and for a split bill its shares and who paid each.
 */
import { listPaymentRecords } from '../../payments/history.ts';
import { getPaymentRequestForOperator, payloadSettingsFromConfig } from '../../qr/index.ts';
import { textArg } from '../arguments.ts';
import { type CommandSpec, type JsonObject, defineCommand } from '../registry.ts';
import { lines, record, table } from '../render.ts';

/** At most 20 shares (src/qr/split.ts), so the payments of one request fit one page. */
const paymentsMax = 50;

type Json = JsonObject & Record<string, unknown>;

const show = defineCommand<{ request: Json; payments: Json[] }>({
  name: 'request show',
  summary: 'one payment request, with its shares and their payments when split',
  arguments: [{ name: 'id', description: 'request id' }],
  async run(context, args) {
    const db = context.database.db;
    const found = await getPaymentRequestForOperator(db, textArg(args, 'id'), {
      clock: context.clock,
      payload: payloadSettingsFromConfig(context.config),
    });
    const payments = await listPaymentRecords(db, { requestId: found.id, limit: paymentsMax });
    const request = {
      id: found.id,
      customerId: found.customerId,
      payee: found.payeeName,
      status: found.status,
      amount: found.amount,
      currency: found.currency,
      note: found.note,
      createdAt: found.createdAt,
      expiresAt: found.expiresAt,
      closedAt: found.closedAt,
      cancelledAt: found.cancelledAt,
      split: found.split ? { ...found.split } : null,
    };
    return { request, payments: payments.map((p) => ({ ...p }) as Json) };
  },
  render: ({ request: r, payments }) => {
    const split = r.split as {
      shareCount: number;
      paidShares: number;
      total: string;
      shareAmount: string;
      firstShareAmount: string;
    } | null;
    return lines(
      record({
        Id: String(r.id),
        Payee: `${String(r.payee)} (${String(r.customerId)})`,
        Status: String(r.status),
        ...(split
          ? {
              Total: `${split.total} ${String(r.currency)}`,
              Shares: `${split.paidShares} of ${split.shareCount} paid, ${split.shareAmount} each (first ${split.firstShareAmount})`,
            }
          : { Amount: `${String(r.amount)} ${String(r.currency)}` }),
        Note: (r.note as string | null) ?? null,
        Created: String(r.createdAt),
        Expires: String(r.expiresAt),
        Closed: (r.closedAt as string | null) ?? null,
        Cancelled: (r.cancelledAt as string | null) ?? null,
      }),
      'Payments:',
      table(
        ['Share', 'Payer', 'Amount', 'Time', 'Id'],
        payments.map((p) => {
          const share = p.share as { number: number; count: number } | null;
          const payer = p.payer as { name: string };
          return [
            share ? `${share.number}/${share.count}` : '-',
            payer.name,
            `${String(p.amount)} ${String(p.currency)}`,
            String(p.createdAt),
            String(p.id),
          ];
        }),
      ),
    );
  },
});

export const requestCommands: readonly CommandSpec[] = [show];
