/** Receipt helpers for tests: what a forger would do to a receipt PDF. */
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';

/** What a forger would do: rewrite the receipt inside the PDF, keeping the signature. */
export async function editEmbeddedAmount(bytes: Uint8Array, amount: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const key = PDFName.of('SmartPayReceipt');
  const signed = JSON.parse((info.lookup(key) as PDFHexString).decodeText());
  signed.fields.amount = amount;
  info.set(key, PDFHexString.fromText(JSON.stringify(signed)));
  return doc.save();
}
