import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import { edit, encodeFields, fieldsOf } from './payloads.ts';
import {
  bearer,
  customerWithQrAccount,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';

const pix =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

describe(`POST /api/scan/explain on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
  });
  afterAll(() => api.close());

  const explain = (text: string, token: string | null = arta.token) =>
    api.app.inject({
      method: 'POST',
      url: '/api/scan/explain',
      headers: token ? bearer(token) : {},
      payload: { text },
    });

  it('a SmartPay code of this bank is verified (CRC and MAC) and payable', async () => {
    const answer = await explain(arta.accountCode);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      kind: 'smartpay',
      payable: true,
      verified: true,
      payee: 'Arta K.',
      currency: 'EUR',
    });
  });

  it('a SmartPay-shaped code the bank did not sign is recognised but not payable', async () => {
    // A well-formed code with a CRC that fits but a MAC made up by someone else.
    const forged = edit(arta.accountCode, (fields) => {
      const scheme = fieldsOf(fields.get('26') ?? '');
      scheme.set('02', 'A'.repeat(26));
      fields.set('26', encodeFields(scheme));
    });
    expect((await explain(forged)).json()).toMatchObject({
      kind: 'smartpay',
      payable: false,
      verified: false,
      checksumOk: true,
    });
  });

  it('foreign codes are described and not payable, never refused', async () => {
    const answer = await explain(pix);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      kind: 'emvco',
      scheme: 'pix',
      payable: false,
      verified: false,
      payee: 'Fulano de Tal',
    });
    expect((await explain('hello')).json()).toMatchObject({ kind: 'text', payable: false });
  });

  it('needs a login', async () => {
    expect((await explain(pix, null)).statusCode).toBe(401);
  });
});
