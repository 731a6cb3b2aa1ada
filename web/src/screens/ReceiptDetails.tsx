import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Payment } from '../api/types.ts';
import { DetailList } from '../components/DetailList.tsx';
import { formatDateTime } from '../components/format.ts';
import { Button } from '../components/Button.tsx';
import { Icon } from '../components/Icon.tsx';
import { MoneyText, useMoneyText } from '../components/MoneyText.tsx';

/** What a person reads and says on the phone to the bank: the first 8 characters of the id. */
export function shortReference(id: string): string {
  return id.replaceAll('-', '').slice(0, 8).toUpperCase();
}

export function ReceiptDetails({ payment }: { readonly payment: Payment }) {
  const { t } = useTranslation();
  const money = useMoneyText();
  const [copied, setCopied] = useState(false);
  const incoming = payment.direction === 'incoming';
  const reference = shortReference(payment.id);
  const shareText = t(incoming ? 'receipt.shareIncoming' : 'receipt.shareOutgoing', {
    money: money(payment.amount, payment.currency),
    name: payment.counterparty.name,
    date: formatDateTime(payment.createdAt),
    reference,
  });
  const share = async () => {
    if (typeof navigator.share === 'function') {
      await navigator.share({ title: t('receipt.title'), text: shareText }).catch(() => undefined);
      return;
    }
    await navigator.clipboard?.writeText(shareText);
    setCopied(true);
  };
  return (
    <section className="receipt" aria-label={t('receipt.title')}>
      <p className="receipt__amount">
        <MoneyText
          amount={payment.amount}
          currency={payment.currency}
          sign={incoming ? '+' : '−'}
        />
      </p>
      <DetailList
        rows={[
          {
            label: incoming ? t('receipt.payer') : t('receipt.payee'),
            value: payment.counterparty.name,
          },
          { label: t('receipt.date'), value: formatDateTime(payment.createdAt) },
          { label: t('receipt.kind'), value: t(`receipt.kinds.${payment.kind}`) },
          payment.share
            ? {
                label: t('split.title'),
                value: t('split.shareOf', {
                  number: payment.share.number,
                  count: payment.share.count,
                }),
              }
            : false,
          payment.note ? { label: t('receipt.note'), value: payment.note } : false,
          payment.fee ? { label: t('receipt.fee'), value: <MoneyText {...payment.fee} /> } : false,
          payment.rate ? { label: t('receipt.rate'), value: payment.rate } : false,
          payment.debit
            ? { label: t('receipt.debit'), value: <MoneyText {...payment.debit} />, emphasis: true }
            : false,
          { label: t('receipt.status'), value: t('receipt.completed') },
          {
            label: t('receipt.reference'),
            value: (
              <span className="mono" title={payment.id}>
                {reference}
              </span>
            ),
          },
        ]}
      />
      <div className="actions">
        <Button
          variant="secondary"
          icon={<Icon name="share" size={20} />}
          onClick={() => void share()}
        >
          {t('receipt.share')}
        </Button>
        {copied ? <p className="hint">{t('receipt.copied')}</p> : null}
      </div>
    </section>
  );
}
