/** The figures of a quote and the "Përfundoni Pagesën" button, with the quote's time left. */
import { useTranslation } from 'react-i18next';
import type { QrAccount, Quote } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { formatIban } from '../components/format.ts';
import { DetailList } from '../components/DetailList.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { formatDuration, useCountdown } from '../hooks/useCountdown.ts';

interface QuoteDetailsProps {
  readonly quote: Quote;
  readonly accounts: readonly QrAccount[];
  readonly fromId: string;
  readonly onFromChange: (id: string) => void;
  readonly onRefresh: () => void;
  readonly onChangeAmount: (() => void) | undefined;
  readonly paying: boolean;
  readonly payError: unknown;
  readonly onComplete: () => void;
}

export function QuoteDetails(props: QuoteDetailsProps) {
  const { t } = useTranslation();
  const { quote } = props;
  const secondsLeft = useCountdown(quote.expiresAt) ?? 0;
  const expired = secondsLeft === 0;
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
        {props.onChangeAmount ? (
          <button type="button" className="link-button" onClick={props.onChangeAmount}>
            {t('confirm.changeAmount')}
          </button>
        ) : null}
      </section>
      <div className="field">
        <label className="field__label" htmlFor="pay-from">
          {t('confirm.from')}
        </label>
        <select
          id="pay-from"
          className="field__input"
          value={props.fromId}
          disabled={props.paying}
          onChange={(event) => props.onFromChange(event.target.value)}
        >
          {props.accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.currency} · {formatIban(account.iban)}
            </option>
          ))}
        </select>
      </div>
      <DetailList
        rows={[
          quote.note ? { label: t('confirm.note'), value: quote.note } : false,
          { label: t('confirm.fee'), value: <MoneyText {...quote.fee} /> },
          quote.rate
            ? {
                label: t('confirm.rate'),
                value: `1 ${quote.rate.from} = ${quote.rate.value} ${quote.rate.to}`,
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
      <p className="hint" aria-live="off">
        {expired
          ? t('confirm.expired')
          : t('confirm.validFor', { time: formatDuration(secondsLeft) })}
      </p>
      <ErrorNotice error={props.payError} />
      <div className="actions">
        {expired ? (
          <Button onClick={props.onRefresh}>{t('confirm.refresh')}</Button>
        ) : (
          <Button onClick={props.onComplete} busy={props.paying}>
            {t('confirm.complete')}
          </Button>
        )}
      </div>
    </>
  );
}
