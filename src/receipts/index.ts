/** Verifiable receipts (issue 14 §4): signed fields, PDF and PNG renderings, checks. */
import type { Config } from '../core/config.ts';
import { type ReceiptSigner, createReceiptSigner, privateKeyFromText } from './signing.ts';

export * from './fields.ts';
export * from './signing.ts';
export * from './store.ts';
export { readReceiptFromPdf, renderReceiptPdf } from './pdf.ts';
export { renderReceiptPng } from './png.ts';
export { renderHistoryPdf } from './history-pdf.ts';
export { receiptLines, verificationUrl, bankDateTime } from './text.ts';

const signers = new WeakMap<Config, ReceiptSigner>();

/** The signer of a configuration, parsed once (a bad key fails the first use: the app's start). */
export function receiptSignerFor(config: Config): ReceiptSigner {
  let signer = signers.get(config);
  if (!signer) {
    signer = createReceiptSigner(
      privateKeyFromText(config.receiptSigningKey, 'SMARTPAY_RECEIPT_SIGNING_KEY'),
      config.receiptSigningKeyPrevious === undefined
        ? undefined
        : privateKeyFromText(
            config.receiptSigningKeyPrevious,
            'SMARTPAY_RECEIPT_SIGNING_KEY_PREVIOUS',
          ),
    );
    signers.set(config, signer);
  }
  return signer;
}
