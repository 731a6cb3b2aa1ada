import { generate } from 'promptparse';
import { describe, expect, it } from 'vitest';
import { encodedAccountCode, encodedRequest } from '../../test/qr/payloads.ts';
import { classifyScan } from './classify.ts';
import { encodeTlv, tlv, withCrc } from './emv.ts';

/** The example BR Code of Banco Central do Brasil's Pix manual (static, no amount). */
const pixExample =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

/** An SGQR code as Singapore's hawker stalls show it: PayNow and the SGQR template. */
const sgqr = withCrc(
  encodeTlv([
    tlv('00', '01'),
    tlv('01', '11'),
    tlv('26', encodeTlv([tlv('00', 'SG.PAYNOW'), tlv('01', '2'), tlv('02', '201403121W')])),
    tlv('51', encodeTlv([tlv('00', 'SG.SGQR'), tlv('01', '180221B3C7A6'), tlv('02', '01.0001')])),
    tlv('52', '5812'),
    tlv('53', '702'),
    tlv('58', 'SG'),
    tlv('59', 'CHICKEN RICE STALL'),
    tlv('60', 'Singapore'),
  ]),
);

/** The example of the EPC's guidelines (EPC069-12), Belgian Red Cross, 1 EUR. */
const epcExample = [
  'BCD',
  '001',
  '1',
  'SCT',
  'BPOTBEB1',
  'Red Cross of Belgium',
  'BE72000000001616',
  'EUR1',
  'CHAR',
  '',
  'Urgency fund',
  'Sample EPC QR code',
].join('\n');

describe('the scanner says what a code is', () => {
  it('a SmartPay request or account code is recognised as ours (the server still checks it)', () => {
    expect(classifyScan(encodedRequest)).toMatchObject({
      kind: 'smartpay',
      payable: true,
      schemeId: 'xk.bank.smartpay',
      payee: 'Ëlira Ç.',
      amount: '12.50',
      currency: 'EUR',
      country: 'XK',
      checksumOk: true,
    });
    expect(classifyScan(encodedAccountCode).kind).toBe('smartpay');
    expect(classifyScan(encodedRequest, { schemeId: 'al.bank.pay' }).kind).toBe('smartpay');
  });

  it('a Pix BR Code is an EMVCo code of Brazil that SmartPay cannot pay', () => {
    expect(classifyScan(pixExample)).toEqual({
      kind: 'emvco',
      payable: false,
      scheme: 'pix',
      schemeId: 'br.gov.bcb.pix',
      payee: 'Fulano de Tal',
      currency: 'BRL',
      country: 'BR',
      city: 'BRASILIA',
      checksumOk: true,
    });
  });

  it('a PromptPay code (made by promptparse) is recognised by its AID', () => {
    const promptPay = generate.anyId({ type: 'MSISDN', target: '0812345678', amount: 30.5 });
    expect(classifyScan(promptPay)).toMatchObject({
      kind: 'emvco',
      payable: false,
      scheme: 'promptpay',
      schemeId: 'A000000677010111',
      amount: '30.50',
      currency: 'THB',
      country: 'TH',
      checksumOk: true,
    });
  });

  it('an SGQR code is recognised, whichever of its templates comes first', () => {
    expect(classifyScan(sgqr)).toMatchObject({
      kind: 'emvco',
      scheme: 'paynow',
      payee: 'CHICKEN RICE STALL',
      currency: 'SGD',
      country: 'SG',
    });
    const sgqrOnly = withCrc(
      encodeTlv([
        tlv('00', '01'),
        tlv('01', '11'),
        tlv('51', encodeTlv([tlv('00', 'SG.SGQR'), tlv('01', '180221B3C7A6')])),
        tlv('53', '702'),
        tlv('58', 'SG'),
      ]),
    );
    expect(classifyScan(sgqrOnly)).toMatchObject({ scheme: 'sgqr', schemeId: 'SG.SGQR' });
  });

  it('other EMVCo codes are still described: card networks, unknown schemes, damaged CRCs', () => {
    const card = withCrc(
      encodeTlv([tlv('00', '01'), tlv('01', '11'), tlv('02', '4000123456789012'), tlv('58', 'KE')]),
    );
    expect(classifyScan(card)).toMatchObject({ kind: 'emvco', scheme: 'card', country: 'KE' });
    const unknown = withCrc(
      encodeTlv([tlv('00', '01'), tlv('30', encodeTlv([tlv('00', 'com.example.pay')]))]),
    );
    expect(classifyScan(unknown)).toMatchObject({ scheme: 'other', schemeId: 'com.example.pay' });
    const damaged = `${pixExample.slice(0, -4)}0000`;
    expect(classifyScan(damaged)).toMatchObject({
      kind: 'emvco',
      scheme: 'pix',
      checksumOk: false,
    });
    // A SmartPay-shaped code with a broken CRC is still ours to refuse, with the server's words.
    expect(classifyScan(`${encodedRequest.slice(0, -4)}0000`)).toMatchObject({
      kind: 'smartpay',
      checksumOk: false,
    });
  });

  it('an EPC (SEPA) transfer code shows the payee, IBAN and amount', () => {
    expect(classifyScan(epcExample)).toEqual({
      kind: 'epc',
      payable: false,
      payee: 'Red Cross of Belgium',
      iban: 'BE72000000001616',
      currency: 'EUR',
      amount: '1',
    });
    expect(classifyScan(epcExample.replace(/\n/g, '\r\n')).kind).toBe('epc');
    expect(classifyScan('BCD\n003\n1').kind).toBe('text');
  });

  it('a upi:// link shows the UPI address, name and amount', () => {
    expect(
      classifyScan('upi://pay?pa=chaipoint@okhdfcbank&pn=Chai%20Point&am=120.00&cu=INR&tn=Tea'),
    ).toEqual({
      kind: 'upi',
      payable: false,
      upiAddress: 'chaipoint@okhdfcbank',
      payee: 'Chai Point',
      amount: '120.00',
      currency: 'INR',
    });
    expect(classifyScan('UPI://pay?pa=a@b').kind).toBe('upi');
  });

  it('web addresses, plain text and nothing at all', () => {
    expect(classifyScan('https://www.bank.example/offers?x=1')).toEqual({
      kind: 'url',
      payable: false,
      host: 'www.bank.example',
    });
    expect(classifyScan('Wi-Fi: Kafe Prishtina').kind).toBe('text');
    expect(classifyScan('000201 not really').kind).toBe('text');
    expect(classifyScan('   \n ')).toEqual({ kind: 'empty', payable: false });
    expect(classifyScan('x'.repeat(10_000)).kind).toBe('text');
  });
});
