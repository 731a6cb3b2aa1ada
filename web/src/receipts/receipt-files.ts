/**
 * The signed receipt of a payment (GET /api/payments/{id}/receipt) and its files: the PDF is
 * downloaded, the PNG goes out through the share sheet (downloaded where sharing files is not
 * possible).
 */
import { apiRequest } from '../api/client.ts';
import type { SignedReceipt } from '../api/types.ts';
import { downloadFile } from '../share/share-picture.ts';

export const receiptApi = {
  receipt: (paymentId: string) =>
    apiRequest<SignedReceipt>(`/payments/${encodeURIComponent(paymentId)}/receipt`),
  pdfUrl: (paymentId: string) => `/api/payments/${encodeURIComponent(paymentId)}/receipt.pdf`,
  pngUrl: (paymentId: string) => `/api/payments/${encodeURIComponent(paymentId)}/receipt.png`,
};

/** "ABCD-EFGH-2345", as the receipt prints it. */
export function groupedReference(reference: string): string {
  return reference.match(/.{1,4}/g)?.join('-') ?? reference;
}

export async function downloadFileFrom(url: string, fileName: string, type: string): Promise<void> {
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`file ${response.status}`);
  downloadFile(new File([await response.blob()], fileName, { type }));
}
