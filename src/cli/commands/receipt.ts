/**
 * `smartpay receipt verify <file.pdf>`: checks a receipt PDF offline, with the public keys of the
 * bank's configuration (current and previous) or one given with --public-key (as published at
 * /api/receipts/keys). Exit status 1 when the receipt is not genuine.
 */
import { readFile } from 'node:fs/promises';
import type { Config } from '../../core/config.ts';
import { DomainError } from '../../core/errors.ts';
import {
  type ReceiptFields,
  checkReceiptSignature,
  keyIdOf,
  readReceiptFromPdf,
  receiptLines,
  receiptSignerFor,
} from '../../receipts/index.ts';
import { optionalTextArg, textArg } from '../arguments.ts';
import { type CommandArgs, type CommandSpec, type JsonObject, defineCommand } from '../registry.ts';
import { lines, record } from '../render.ts';

/** A receipt PDF is a few tens of kilobytes; refuse to read anything far bigger. */
export const receiptFileBytesMax = 5 * 1024 * 1024;

type VerifyResult = {
  ok: boolean;
  file: string;
  verdict: 'genuine' | 'not-genuine' | 'no-receipt';
  reason: string | null;
  keyId: string | null;
  fields: (ReceiptFields & JsonObject) | null;
};

const verify = defineCommand<VerifyResult>({
  name: 'receipt verify',
  summary: 'check a receipt PDF offline: genuine or not',
  offline: true,
  arguments: [{ name: 'file', description: 'the receipt PDF' }],
  options: [
    {
      flags: '--public-key <key>',
      description: 'check with this published key (base64url) instead of the configured ones',
    },
  ],
  async run(context, args) {
    const file = textArg(args, 'file');
    const bytes = await readFile(file).catch(() => {
      throw new DomainError('NOT_FOUND', `cannot read ${file}`);
    });
    if (bytes.length > receiptFileBytesMax)
      throw new DomainError('VALIDATION_FAILED', `${file} is too big to be a receipt`);
    const receipt = await readReceiptFromPdf(bytes);
    if (!receipt)
      return {
        ok: false,
        file,
        verdict: 'no-receipt',
        reason: 'the file is not a SmartPay receipt PDF (no signed receipt inside)',
        keyId: null,
        fields: null,
      };
    const check = checkReceiptSignature(keysOf(context.config, args), receipt.fields, receipt);
    const genuine = check === 'valid';
    return {
      ok: genuine,
      file,
      verdict: genuine ? 'genuine' : 'not-genuine',
      reason: genuine
        ? null
        : check === 'unknown-key'
          ? `signed with key ${receipt.keyId}, which is not one of the bank's keys`
          : 'the signature does not match the receipt: it was changed after signing',
      keyId: receipt.keyId,
      // Fields of a receipt that is not genuine are not worth showing as facts.
      fields: genuine ? (receipt.fields as ReceiptFields & JsonObject) : null,
    };
  },
  render: (result) =>
    lines(
      result.verdict === 'genuine'
        ? `GENUINE: ${result.file} is a receipt signed by the bank (key ${result.keyId}).`
        : `NOT GENUINE: ${result.file}: ${result.reason}.`,
      result.fields
        ? record(Object.fromEntries(receiptLines(result.fields).map((l) => [l.en, l.value])))
        : '',
    ),
});

function keysOf(config: Config, args: CommandArgs) {
  const given = optionalTextArg(args, 'publicKey');
  if (!given) return receiptSignerFor(config).keys;
  const raw = Buffer.from(given, 'base64url');
  if (raw.length !== 32)
    throw new DomainError('VALIDATION_FAILED', '--public-key must be a 32-byte key in base64url');
  return [{ keyId: keyIdOf(raw), publicKey: raw.toString('base64url') }];
}

export const receiptCommands: readonly CommandSpec[] = [verify];
