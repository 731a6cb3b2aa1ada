/**
 * `smartpay payments list | show | refunds`: the bank's view of SmartPay payments, both sides at
 * once, and what was refunded of one and asked back by its payer.
 */
import { getCustomerByCif } from '../../identity/customers.ts';
import { getTransfer } from '../../ledger/transfers.ts';
import { formatAmount } from '../../core/money.ts';
import {
  type PaymentRecord,
  getPaymentRecord,
  listPaymentRecords,
  refundsOf,
  toRecord,
} from '../../payments/history.ts';
import { integerArg, optionalTextArg, textArg } from '../arguments.ts';
import { type CommandSpec, type JsonObject, defineCommand } from '../registry.ts';
import { lines, record, table } from '../render.ts';

type RecordJson = PaymentRecord & JsonObject;

const list = defineCommand<{ payments: RecordJson[] }>({
  name: 'payments list',
  summary: 'payments, newest first',
  options: [
    { flags: '--cif <cif>', description: 'only payments this customer made or received' },
    { flags: '--limit <n>', description: 'at most this many (default 50, max 1000)' },
  ],
  async run(context, args) {
    const db = context.database.db;
    const cif = optionalTextArg(args, 'cif');
    const customerId = cif ? (await getCustomerByCif(db, cif)).id : undefined;
    const payments = await listPaymentRecords(db, {
      ...(customerId ? { customerId } : {}),
      limit: integerArg(args, 'limit', 50, 1, 1000),
    });
    return { payments: payments as RecordJson[] };
  },
  render: ({ payments }) =>
    table(
      ['Time', 'Payer', 'Payee', 'Amount', 'Fee', 'Debit', 'Kind', 'Id'],
      payments.map((p) => [
        p.createdAt,
        p.payer.name,
        p.payee.name,
        `${p.amount} ${p.currency}`,
        `${p.fee} ${p.debitCurrency}`,
        `${p.debit} ${p.debitCurrency}`,
        p.kind,
        p.id,
      ]),
    ),
});

const show = defineCommand<{
  payment: RecordJson;
  postings: { accountId: string; amount: string; currency: string }[];
}>({
  name: 'payments show',
  summary: 'one payment with its ledger postings',
  arguments: [{ name: 'id', description: 'payment id' }],
  async run(context, args) {
    const db = context.database.db;
    const payment = await getPaymentRecord(db, textArg(args, 'id'));
    const transfer = await getTransfer(db, payment.transferId);
    const postings = (transfer?.postings ?? []).map((p) => ({
      accountId: p.accountId,
      amount: formatAmount(p.amount, p.currency),
      currency: p.currency,
    }));
    return { payment: payment as RecordJson, postings };
  },
  render: ({ payment: p, postings }) =>
    lines(
      record({
        Id: p.id,
        Time: p.createdAt,
        'Bank day': p.bankDay,
        Kind: p.kind,
        'Login level': p.level,
        Payer: `${p.payer.name} (${p.payer.accountId})`,
        Payee: `${p.payee.name} (${p.payee.accountId})`,
        Amount: `${p.amount} ${p.currency}`,
        Fee: `${p.fee} ${p.debitCurrency}`,
        Debit: `${p.debit} ${p.debitCurrency}`,
        Rate: p.rate,
        Request: p.requestId,
      }),
      'Postings:',
      table(
        ['Account', 'Amount', 'Currency'],
        postings.map((q) => [q.accountId, q.amount, q.currency]),
      ),
    ),
});

interface RefundRequestJson extends JsonObject {
  id: string;
  amount: string;
  currency: string;
  reason: string;
  status: string;
  createdAt: string;
  decidedAt: string | null;
}

const refunds = defineCommand<{
  payment: RecordJson;
  refunds: RecordJson[];
  requests: RefundRequestJson[];
}>({
  name: 'payments refunds',
  summary: 'what was refunded of a payment, and the refunds its payer asked for',
  arguments: [{ name: 'id', description: 'payment id' }],
  async run(context, args) {
    const db = context.database.db;
    const payment = await getPaymentRecord(db, textArg(args, 'id'));
    const rows = await refundsOf(db, payment.id);
    const requests = await db
      .selectFrom('refund_requests')
      .selectAll()
      .where('payment_id', '=', payment.id)
      .orderBy('created_at')
      .execute();
    return {
      payment: payment as RecordJson,
      refunds: rows.map(toRecord) as RecordJson[],
      requests: requests.map((r) => ({
        id: r.id,
        amount: formatAmount(r.amount_minor, r.currency),
        currency: r.currency,
        reason: r.reason,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
      })),
    };
  },
  render: ({ payment: p, refunds: rows, requests }) =>
    lines(
      record({
        Payment: p.id,
        Time: p.createdAt,
        Payer: p.payer.name,
        Payee: p.payee.name,
        Amount: `${p.amount} ${p.currency}`,
        Refunded: `${p.refunded} ${p.currency}`,
        'Refund of': p.refundOfPaymentId,
      }),
      'Refunds:',
      table(
        ['Time', 'Refunded', 'Received', 'Fee', 'Login level', 'Id'],
        rows.map((r) => [
          r.createdAt,
          `${r.debit} ${r.debitCurrency}`,
          `${r.amount} ${r.currency}`,
          `${r.fee} ${r.debitCurrency}`,
          r.level,
          r.id,
        ]),
      ),
      'Refund requests:',
      table(
        ['Time', 'Amount', 'Reason', 'Status', 'Answered', 'Id'],
        requests.map((r) => [
          r.createdAt,
          `${r.amount} ${r.currency}`,
          r.reason,
          r.status,
          r.decidedAt ?? '',
          r.id,
        ]),
      ),
    ),
});

export const paymentCommands: readonly CommandSpec[] = [list, show, refunds];
