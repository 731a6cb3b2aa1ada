/**
 * Under a receipt: its short reference, the address that verifies it, "Download PDF" and
 * "Share as picture" (PNG through the share sheet, or downloaded).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { sharePicture } from '../share/share-picture.ts';
import { downloadFileFrom, groupedReference, receiptApi } from './receipt-files.ts';
import './receipt-actions.css';

export function ReceiptActions({ paymentId }: { readonly paymentId: string }) {
  const { t } = useTranslation();
  const receipt = useLoad(`receipt:${paymentId}`, () => receiptApi.receipt(paymentId));
  const [busy, setBusy] = useState<'pdf' | 'png' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const reference = receipt.data?.fields.reference;
  const run = (which: 'pdf' | 'png', action: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(which);
    action()
      .catch(setError)
      .finally(() => setBusy(undefined));
  };
  const fileName = `smartpay-receipt-${reference ?? paymentId}`;
  return (
    <section className="receipt-actions" aria-labelledby="receipt-actions-title">
      <h2 id="receipt-actions-title" className="visually-hidden">
        {t('receiptFiles.title')}
      </h2>
      {receipt.data ? (
        <p className="receipt-actions__reference">
          {t('receiptFiles.signed')}{' '}
          <a href={receipt.data.verifyUrl} target="_blank" rel="noopener noreferrer">
            {t('receiptFiles.verify', {
              reference: groupedReference(receipt.data.fields.reference),
            })}
          </a>
        </p>
      ) : null}
      <ErrorNotice error={receipt.error} />
      <div className="actions actions--row">
        <Button
          variant="secondary"
          icon={<Icon name="download" size={20} />}
          busy={busy === 'pdf'}
          onClick={() =>
            run('pdf', () =>
              downloadFileFrom(receiptApi.pdfUrl(paymentId), `${fileName}.pdf`, 'application/pdf'),
            )
          }
        >
          {t('receiptFiles.downloadPdf')}
        </Button>
        <Button
          variant="secondary"
          icon={<Icon name="share" size={20} />}
          busy={busy === 'png'}
          onClick={() =>
            run('png', () =>
              sharePicture(
                receiptApi.pngUrl(paymentId),
                `${fileName}.png`,
                'SmartPay',
                t('receiptFiles.shareText'),
              ),
            )
          }
        >
          {t('receiptFiles.sharePng')}
        </Button>
      </div>
      <ErrorNotice error={error} />
    </section>
  );
}
