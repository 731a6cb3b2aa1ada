/**
 * The confirmation screen (guide §6): what the server's quote says — payee, amount (typed first
 * for an account code), fee, rate, debit, the QR account paying, the available balance and what
 * remains of today's limit — then "Përfundoni Pagesën". One Idempotency-Key per quote, so a
 * double tap or a retry never pays twice.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { QrAccount, Quote } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { Screen } from '../components/Screen.tsx';
import { TextField } from '../components/TextField.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { parseAmountInput } from '../money/amount.ts';
import { type PayloadSummary, summarizePayload } from '../qr/payload-summary.ts';
import { QuoteDetails } from './QuoteDetails.tsx';

export function ConfirmPaymentScreen() {
  const { t } = useTranslation();
  const location = useLocation();
  const payload = (location.state as { payload?: string } | null)?.payload;
  const accounts = useLoad('qr-accounts', api.qrAccounts);
  if (!payload) return <Navigate to="/pay" replace />;
  return (
    <Screen title={t('confirm.title')} back="/pay" navigation>
      {accounts.loading && !accounts.data ? <Loading /> : null}
      <ErrorNotice error={accounts.error} />
      {accounts.data?.length === 0 ? (
        <EmptyState icon="qr" text={t('confirm.noQrAccount')}>
          <Link className="button button--primary" to="/accounts/new">
            {t('home.create')}
          </Link>
        </EmptyState>
      ) : null}
      {accounts.data && accounts.data.length > 0 ? (
        <PaymentConfirmation payload={payload} accounts={accounts.data} />
      ) : null}
    </Screen>
  );
}

interface QuoteWithKey {
  readonly quote: Quote;
  /** Made with the quote: the confirmation screen of this quote always sends the same key. */
  readonly idempotencyKey: string;
}

function PaymentConfirmation({
  payload,
  accounts,
}: {
  readonly payload: string;
  readonly accounts: readonly QrAccount[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const summary = useMemo(() => summarizePayload(payload), [payload]);
  const [fromId, setFromId] = useState(() => defaultPayingAccount(accounts, summary).id);
  const [typedAmount, setTypedAmount] = useState<string | undefined>(undefined);
  const [round, setRound] = useState(0);
  const [quoted, setQuoted] = useState<QuoteWithKey | undefined>(undefined);
  const [quoteError, setQuoteError] = useState<unknown>(undefined);
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<unknown>(undefined);
  const needsAmount = summary?.kind === 'account';
  const ready = !needsAmount || typedAmount !== undefined;

  useEffect(() => {
    if (!ready) return;
    let current = true;
    api
      .quote(payload, fromId, needsAmount ? typedAmount : undefined)
      .then((quote) => {
        if (!current) return;
        setQuoted({ quote, idempotencyKey: crypto.randomUUID() });
        setQuoteError(undefined);
      })
      .catch((failure: unknown) => {
        if (!current) return;
        setQuoted(undefined);
        setQuoteError(failure);
      });
    return () => {
      current = false;
    };
  }, [payload, fromId, typedAmount, needsAmount, ready, round]);

  const complete = async () => {
    if (!quoted || paying) return;
    setPaying(true);
    setPayError(undefined);
    try {
      const payment = await api.pay(quoted.quote.quoteId, quoted.idempotencyKey);
      navigate(`/pay/done/${payment.id}`, { replace: true, state: { payment } });
    } catch (failure) {
      setPayError(failure);
      setPaying(false);
    }
  };

  if (needsAmount && typedAmount === undefined)
    return <AmountEntry summary={summary} onAmount={setTypedAmount} />;
  return (
    <>
      {!quoted && !quoteError ? <Loading label={t('confirm.quoting')} /> : null}
      <ErrorNotice error={quoteError} />
      {quoteError ? (
        <div className="actions">
          <Link className="button button--primary" to="/pay">
            {t('confirm.scanAgain')}
          </Link>
          {needsAmount ? (
            <Button variant="secondary" onClick={() => setTypedAmount(undefined)}>
              {t('confirm.changeAmount')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {quoted ? (
        <QuoteDetails
          quote={quoted.quote}
          accounts={accounts}
          fromId={fromId}
          onFromChange={(id) => {
            setQuoted(undefined);
            setFromId(id);
          }}
          onRefresh={() => {
            setQuoted(undefined);
            setPayError(undefined);
            setRound((value) => value + 1);
          }}
          onChangeAmount={needsAmount ? () => setTypedAmount(undefined) : undefined}
          paying={paying}
          payError={payError}
          onComplete={() => void complete()}
        />
      ) : null}
    </>
  );
}

/** A QR account in the code's currency when there is one: no exchange needed. */
function defaultPayingAccount(
  accounts: readonly QrAccount[],
  summary: PayloadSummary | undefined,
): QrAccount {
  const sameCurrency = accounts.find((account) => account.currency === summary?.currency);
  return sameCurrency ?? (accounts[0] as QrAccount);
}

function AmountEntry({
  summary,
  onAmount,
}: {
  readonly summary: PayloadSummary | undefined;
  readonly onAmount: (amount: string) => void;
}) {
  const { t } = useTranslation();
  const currency = summary?.currency ?? 'EUR';
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const amount = parseAmountInput(text, currency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (amount.ok) onAmount(amount.amount);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="lead">{t('confirm.payTo', { name: summary?.payeeName ?? '' })}</p>
      <TextField
        label={t('confirm.enterAmount')}
        name="amount"
        className="field--amount"
        inputMode="decimal"
        autoComplete="off"
        autoFocus
        value={text}
        suffix={currency}
        onChange={(event) => setText(event.target.value)}
        hint={t('confirm.enterAmountHint')}
        error={
          touched && !amount.ok
            ? t(`amount.${amount.problem}`, { decimals: amount.decimalsMax })
            : undefined
        }
      />
      <div className="actions">
        <Button type="submit">{t('common.continue')}</Button>
      </div>
    </form>
  );
}
