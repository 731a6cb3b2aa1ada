/**
 * "Kthe pagesën": the payee refunds a received payment. The amount comes prefilled with what
 * remains; then the refund's confirmation (the same figures as a payment's) and one
 * Idempotency-Key per quote, so a double tap never refunds twice. Done: the refund's receipt.
 */
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { Payment, RefundQuote } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { Screen } from '../components/Screen.tsx';
import { TextField } from '../components/TextField.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { displayAmount, parseAmountInput } from '../money/amount.ts';
import { QuoteDetails } from '../screens/QuoteDetails.tsx';

interface RefundState {
  readonly amount?: string;
  readonly quote?: RefundQuote;
}

export function RefundScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const state = (useLocation().state ?? {}) as RefundState;
  const payment = useLoad(`payment:${id}`, () => api.payment(id));
  const [footer, setFooter] = useState<ReactNode>(undefined);
  return (
    <Screen title={t('refund.title')} back={`/payments/${id}`} footer={footer}>
      {payment.loading && !payment.data ? <Loading /> : null}
      <ErrorNotice error={payment.error} />
      {payment.data ? (
        <RefundFlow payment={payment.data} start={state} onFooter={setFooter} />
      ) : null}
    </Screen>
  );
}

function RefundFlow({
  payment,
  start,
  onFooter,
}: {
  readonly payment: Payment;
  readonly start: RefundState;
  readonly onFooter: (footer: ReactNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const prefill = start.amount ?? payment.refundable?.amount;
  const [text, setText] = useState(() => (prefill ? displayAmount(prefill, i18n.language) : ''));
  const [quote, setQuote] = useState<RefundQuote | undefined>(start.quote);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [touched, setTouched] = useState(false);
  const parsed = parseAmountInput(text, payment.currency);

  const requestQuote = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!parsed.ok) return;
    setBusy(true);
    setError(undefined);
    api.refundQuote(payment.id, parsed.amount).then(
      (answer) => {
        setBusy(false);
        setQuote(answer);
        setKey(crypto.randomUUID());
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  useEffect(() => {
    const confirm = (quoteId: string) => {
      setBusy(true);
      setError(undefined);
      api.refund(quoteId, key).then(
        (refund) => navigate(`/payments/${refund.id}`, { replace: true }),
        (failure: unknown) => {
          setBusy(false);
          setError(failure);
        },
      );
    };
    onFooter(
      quote ? (
        <Button onClick={() => confirm(quote.quoteId)} busy={busy}>
          {t('refund.confirm')}
        </Button>
      ) : undefined,
    );
  }, [quote, key, busy, navigate, onFooter, t]);
  useEffect(() => () => onFooter(undefined), [onFooter]);

  if (quote)
    return (
      <>
        <QuoteDetails
          quote={quote}
          onChangeAmount={() => {
            setQuote(undefined);
            setError(undefined);
          }}
        />
        <ErrorNotice error={error} />
      </>
    );
  return (
    <form className="form" onSubmit={requestQuote} noValidate>
      <p className="lead">{t('refund.lead', { name: payment.counterparty.name })}</p>
      <TextField
        label={t('refund.amount')}
        name="amount"
        className="field--amount"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        suffix={payment.currency}
        onChange={(event) => setText(event.target.value)}
        error={
          touched && !parsed.ok
            ? t(`amount.${parsed.problem}`, { decimals: parsed.decimalsMax })
            : undefined
        }
      />
      <ErrorNotice error={error} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t('refund.continue')}
        </Button>
      </div>
    </form>
  );
}
