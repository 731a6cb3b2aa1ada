/** The figures of a quote, as the payer reads them before "Përfundoni Pagesën". */
import { useTranslation } from 'react-i18next';
import type { Quote, RefundQuote } from '../api/types.ts';
import { DetailList } from '../components/DetailList.tsx';
import { formatIban } from '../components/format.ts';
import { MoneyText } from '../components/MoneyText.tsx';
import { displayRate } from '../money/amount.ts';

export function QuoteDetails({
  quote,
  onChangeAmount,
}: {
  readonly quote: Quote | RefundQuote;
  readonly onChangeAmount: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { limits } = quote;
  return (
    <>
      <section className="confirm-summary" aria-labelledby="confirm-payee">
        <p className="confirm-summary__label">{t('confirm.payee')}</p>
        <p className="confirm-summary__payee" id="confirm-payee">
          {quote.payee.name}
        </p>
        <p className="confirm-summary__amount">
          <MoneyText amount={quote.amount} currency={quote.currency} />
        </p>
        {onChangeAmount ? (
          <button type="button" className="link-button" onClick={onChangeAmount}>
            {t('confirm.changeAmount')}
          </button>
        ) : null}
      </section>
      <DetailList
        rows={[
          quote.note ? { label: t('confirm.note'), value: quote.note } : false,
          {
            label: t('confirm.from'),
            value: `${quote.from.currency} · ${formatIban(quote.from.iban)}`,
          },
          { label: t('confirm.fee'), value: <MoneyText {...quote.fee} /> },
          quote.rate
            ? {
                label: t('confirm.rate'),
                value: `1 ${quote.rate.from} = ${displayRate(quote.rate.value, i18n.language)} ${quote.rate.to}`,
              }
            : false,
          { label: t('confirm.debit'), value: <MoneyText {...quote.debit} />, emphasis: true },
          { label: t('confirm.available'), value: <MoneyText {...quote.available} /> },
          {
            label: t('confirm.remainingToday'),
            value: (
              <>
                <MoneyText {...limits.remainingToday} />
                {limits.paymentsRemainingToday !== null
                  ? ` · ${t('confirm.paymentsLeft', { count: limits.paymentsRemainingToday })}`
                  : ''}
              </>
            ),
          },
          { label: t('confirm.perPayment'), value: <MoneyText {...limits.perPayment} /> },
        ]}
      />
    </>
  );
}
