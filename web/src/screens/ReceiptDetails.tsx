import { useTranslation } from 'react-i18next';
import type { Payment } from '../api/types.ts';
import { DetailList } from '../components/DetailList.tsx';
import { formatDateTime } from '../components/format.ts';
import { MoneyText } from '../components/MoneyText.tsx';

export function ReceiptDetails({ payment }: { readonly payment: Payment }) {
  const { t } = useTranslation();
  const incoming = payment.direction === 'incoming';
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
          payment.note ? { label: t('receipt.note'), value: payment.note } : false,
          payment.fee ? { label: t('receipt.fee'), value: <MoneyText {...payment.fee} /> } : false,
          payment.rate ? { label: t('receipt.rate'), value: payment.rate } : false,
          payment.debit
            ? { label: t('receipt.debit'), value: <MoneyText {...payment.debit} />, emphasis: true }
            : false,
          { label: t('receipt.status'), value: t('receipt.completed') },
          { label: t('receipt.reference'), value: <span className="mono">{payment.id}</span> },
        ]}
      />
    </section>
  );
}
