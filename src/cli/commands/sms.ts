/** `smartpay sms list`: what the development SMS provider "sent" (login codes, for demos and tests). */
import { listSentSms } from '../../notify/sms.ts';
import { integerArg, optionalTextArg } from '../arguments.ts';
import { type CommandSpec, defineCommand } from '../registry.ts';
import { lines, table } from '../render.ts';

type SmsView = { id: string; sentAt: string; phone: string; cif: string | null; text: string };

const list = defineCommand<{ messages: SmsView[] }>({
  name: 'sms list',
  summary: 'SMS messages kept by the development SMS provider, newest first',
  options: [
    { flags: '--cif <cif>', description: 'only messages to this customer' },
    { flags: '--limit <n>', description: 'at most this many (default 20, max 500)' },
  ],
  async run(context, args) {
    const rows = await listSentSms(context.database.db, {
      cif: optionalTextArg(args, 'cif'),
      limit: integerArg(args, 'limit', 20, 1, 500),
    });
    return {
      messages: rows.map((row) => ({
        id: row.id.toString(),
        sentAt: row.sent_at.toISOString(),
        phone: row.phone,
        cif: row.cif,
        text: row.text,
      })),
    };
  },
  render: ({ messages }) =>
    lines(
      table(
        ['Sent at', 'Phone', 'CIF', { title: 'Text', width: 60 }],
        messages.map((m) => [m.sentAt, m.phone, m.cif, m.text]),
      ),
      messages.length === 0 ? 'Only the development SMS provider keeps messages here.' : '',
    ),
});

export const smsCommands: readonly CommandSpec[] = [list];
