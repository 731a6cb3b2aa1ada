import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { createReceiptSigner, renderReceiptPdf } from '../../src/receipts/index.ts';
import { engineName } from '../helpers/database.ts';
import { editEmbeddedAmount } from '../helpers/receipts.ts';
import { type CliEnvironment, cliTimeoutMs, createCliEnvironment, runCli } from './cli-process.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { pay } from '../helpers/payments.ts';

interface Verdict {
  ok: boolean;
  verdict: string;
  reason: string | null;
  fields: { amount: string; payee: string } | null;
}

describe(`smartpay receipt verify (offline) on ${engineName}`, () => {
  let api: TestBank;
  let cli: CliEnvironment;
  let folder: string;
  let genuine: Buffer;
  let publishedKey: string;
  beforeAll(async () => {
    api = await startTestBank();
    cli = await createCliEnvironment();
    folder = mkdtempSync(path.join(os.tmpdir(), 'smartpay-receipts-'));
    await setUpBank(api);
    const arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    const besnik = await customerWithQrAccount(api, 'Besnik Gashi');
    const paid = await pay(api, besnik, arta.accountCode, '7.25');
    const pdf = await api.app.inject({
      method: 'GET',
      url: `/api/payments/${paid.json().id}/receipt.pdf`,
      headers: bearer(besnik.token),
    });
    genuine = pdf.rawPayload;
    publishedKey = (await api.app.inject({ method: 'GET', url: '/api/receipts/keys' })).json()
      .keys[0].publicKey;
  }, cliTimeoutMs);
  afterAll(async () => {
    expect((await verifyLedger(api.database.db)).ok).toBe(true);
    await api.close();
    await cli.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function file(name: string, bytes: Uint8Array): string {
    const where = path.join(folder, name);
    writeFileSync(where, bytes);
    return where;
  }

  it(
    'a genuine receipt PDF verifies offline and shows its fields',
    async () => {
      const run = await runCli(cli, ['receipt', 'verify', file('genuine.pdf', genuine)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('GENUINE');
      expect(run.stdout).toContain('7.25 EUR');
      expect(run.stdout).toContain('Arta K.');
      const json = await runCli(cli, [
        'receipt',
        'verify',
        path.join(folder, 'genuine.pdf'),
        '--public-key',
        publishedKey,
        '--json',
      ]);
      expect(json.code).toBe(0);
      expect(json.json<Verdict>()).toMatchObject({
        ok: true,
        verdict: 'genuine',
        fields: { amount: '7.25' },
      });
    },
    cliTimeoutMs,
  );

  it(
    'a tampered receipt PDF is refused with exit status 1',
    async () => {
      const tampered = file('tampered.pdf', await editEmbeddedAmount(genuine, '725.00'));
      const run = await runCli(cli, ['receipt', 'verify', tampered, '--json']);
      expect(run.code).toBe(1);
      expect(run.json<Verdict>()).toMatchObject({
        ok: false,
        verdict: 'not-genuine',
        fields: null,
      });
      const human = await runCli(cli, ['receipt', 'verify', tampered]);
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('NOT GENUINE');
      expect(human.stdout).not.toContain('725.00');
    },
    cliTimeoutMs,
  );

  it(
    'a receipt signed with a key the bank does not publish is refused',
    async () => {
      const forger = createReceiptSigner(generateKeyPairSync('ed25519').privateKey);
      const { readReceiptFromPdf } = await import('../../src/receipts/index.ts');
      const original = (await readReceiptFromPdf(genuine))!;
      const fields = { ...original.fields, amount: '725.00' };
      const forged = await renderReceiptPdf({
        receipt: { fields, ...forger.sign(fields) },
        verifyUrl: 'http://localhost:8080/verify/X',
      });
      const run = await runCli(cli, ['receipt', 'verify', file('forged.pdf', forged), '--json']);
      expect(run.code).toBe(1);
      expect(run.json<Verdict>().reason).toContain('not one of the bank');
    },
    cliTimeoutMs,
  );

  it(
    'a file that is not a receipt says so, and a missing file is an error',
    async () => {
      const text = await runCli(cli, ['receipt', 'verify', file('note.pdf', Buffer.from('hello'))]);
      expect(text.code).toBe(1);
      expect(text.stdout).toContain('not a SmartPay receipt');
      const missing = await runCli(cli, ['receipt', 'verify', path.join(folder, 'nope.pdf')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('cannot read');
    },
    cliTimeoutMs,
  );
});
