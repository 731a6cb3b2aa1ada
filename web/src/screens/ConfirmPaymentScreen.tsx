/**
 * The confirmation screen (guide §6). The scanned code is resolved first, so a code that cannot
 * be paid (deleted account, paid, cancelled, expired) is refused before anything is typed. Then
 * what the server's quote says — payee, amount (typed first for an account code), fee, rate,
 * debit, the QR account paying, the available balance and what remains of today's limit — with
 * "Përfundoni Pagesën" pinned at the bottom and no tab bar while paying. A refusal shows where it
 * belongs (on the amount field, next to the account picker) with only the actions on the screen.
 * One Idempotency-Key per quote, kept until the answer, so a double tap or a reload never pays
 * twice. Payee assurance (issue 14 §2): a calm caution for a first payment to this payee and for
 * a payment the cooling-off will hold; a suspected duplicate asks a second time in a dialog; a
 * held payment goes to its own screen (release time, "Anulo").
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import type { QrAccount, ResolvedCode } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice, InfoNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { useMoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { formatDuration, useCountdown } from '../hooks/useCountdown.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { errorMessage } from '../i18n/error-message.ts';
import { type PendingPayment, pendingPayment } from '../pay/pending-payment.ts';
import { useQuote } from '../pay/useQuote.ts';
import { useProfile } from '../session/SessionProvider.tsx';
import { AccountPicker, AmountForm } from './PaymentInputs.tsx';
import { QuoteDetails } from './QuoteDetails.tsx';
import { StepUpPanel } from './StepUpPanel.tsx';

/** Refusals about the amount: shown on the amount field of an account code. */
const amountRefusals = new Set(['LIMIT_PER_PAYMENT', 'LIMIT_PER_DAY', 'INSUFFICIENT_FUNDS']);
/** Refusals another paying account can solve. */
const accountRefusals = new Set(['INSUFFICIENT_FUNDS', 'SAME_ACCOUNT', 'RATE_MISSING']);
/** Refusals a full login (higher limits) can solve. */
const levelRefusals = new Set(['LIMIT_PER_PAYMENT', 'LIMIT_PER_DAY', 'LIMIT_COUNT_PER_DAY']);

export function ConfirmPaymentScreen() {
  const { t } = useTranslation();
  const location = useLocation();
  const payload = (location.state as { payload?: string } | null)?.payload;
  const accounts = useLoad('qr-accounts', api.qrAccounts);
  const resolved = useLoad(`resolve:${payload ?? ''}`, () =>
    payload ? api.resolve(payload) : Promise.reject(new Error('no payload')),
  );
  const [footer, setFooter] = useState<ReactNode>(undefined);
  if (!payload) return <Navigate to="/pay" replace />;
  const loading = (accounts.loading && !accounts.data) || (resolved.loading && !resolved.data);
  return (
    // No tab bar while paying: only a code that cannot be paid gives the menu back.
    <Screen
      title={t('confirm.title')}
      back="/pay"
      footer={footer}
      navigation={Boolean(resolved.error) || accounts.data?.length === 0}
    >
      {loading ? <Loading label={t('confirm.quoting')} /> : null}
      <ErrorNotice error={accounts.error ?? resolved.error} />
      {resolved.error ? (
        <div className="actions">
          <Link className="button button--primary" to="/pay">
            {t('confirm.scanAgain')}
          </Link>
        </div>
      ) : null}
      {accounts.data?.length === 0 ? (
        <EmptyState icon="qr" text={t('confirm.noQrAccount')}>
          <Link className="button button--primary" to="/accounts/new">
            {t('home.create')}
          </Link>
        </EmptyState>
      ) : null}
      {accounts.data && accounts.data.length > 0 && resolved.data && !resolved.error ? (
        <PaymentConfirmation
          payload={payload}
          code={resolved.data}
          accounts={accounts.data}
          onFooter={setFooter}
        />
      ) : null}
    </Screen>
  );
}

function PaymentConfirmation({
  payload,
  code,
  accounts,
  onFooter,
}: {
  readonly payload: string;
  readonly code: ResolvedCode;
  readonly accounts: readonly QrAccount[];
  readonly onFooter: (footer: ReactNode) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const profile = useProfile();
  const needsAmount = code.kind === 'account';
  const [fromId, setFromId] = useState(() => defaultPayingAccount(accounts, code.currency).id);
  const [amountText, setAmountText] = useState('');
  const [amount, setAmount] = useState<string | undefined>(undefined);
  const [resumed] = useState(() => pendingPayment.of(payload));
  const [paying, setPaying] = useState(resumed !== undefined);
  const [payError, setPayError] = useState<unknown>(undefined);
  const [steppingUp, setSteppingUp] = useState(false);
  const [duplicateOf, setDuplicateOf] = useState<PendingPayment | undefined>(undefined);
  const quoted = useQuote({ payload, fromId, amount, needsAmount, paused: paying });
  const amountField = useRef<HTMLInputElement>(null);
  const money = useMoneyText();

  const refusal = quoted.error;
  const refusalCode = isApiError(refusal) ? refusal.code : undefined;
  const refusedAmount = needsAmount && refusalCode !== undefined && amountRefusals.has(refusalCode);
  const editingAmount = needsAmount && (amount === undefined || refusedAmount);
  const canSwitchAccount =
    accounts.length > 1 && refusalCode !== undefined && accountRefusals.has(refusalCode);
  const canStepUp =
    profile.level === 'partial' && refusalCode !== undefined && levelRefusals.has(refusalCode);

  // Only the answer settles a payment: until then its key waits in sessionStorage.
  const send = useMemo(
    () => (pending: PendingPayment) =>
      api.pay(pending.quoteId, pending.idempotencyKey, pending.confirmDuplicate === true).then(
        (answer) => {
          pendingPayment.clear();
          if (answer.status === 'completed')
            navigate(`/pay/done/${answer.id}`, { replace: true, state: { payment: answer } });
          else navigate(`/pay/held/${answer.id}`, { replace: true, state: { hold: answer } });
        },
        (failure: unknown) => {
          if (!isApiError(failure, 'NETWORK')) pendingPayment.clear();
          setPaying(false);
          // Nothing was paid: the same quote and key again, once the payer says so.
          if (isApiError(failure, 'DUPLICATE_SUSPECTED')) setDuplicateOf(pending);
          else setPayError(failure);
        },
      ),
    [navigate],
  );
  const pay = useMemo(
    () =>
      (quoteId: string, idempotencyKey: string, confirmDuplicate = false) => {
        const pending = { payload, quoteId, idempotencyKey, confirmDuplicate };
        setPaying(true);
        setPayError(undefined);
        pendingPayment.save(pending);
        void send(pending);
      },
    [payload, send],
  );

  // A payment sent before a reload, never answered: the same quote and key again.
  useEffect(() => {
    if (resumed) void send(resumed);
  }, [resumed, send]);

  const quote = editingAmount ? undefined : quoted.quote;
  const key = quoted.idempotencyKey;
  useEffect(() => {
    onFooter(
      quote && key ? (
        <PayFooter
          expiresAt={quote.expiresAt}
          paying={paying}
          onPay={() => pay(quote.quoteId, key)}
          onRefresh={quoted.retry}
        />
      ) : undefined,
    );
  }, [quote, key, paying, pay, onFooter, quoted.retry]);
  useEffect(() => () => onFooter(undefined), [onFooter]);

  return (
    <>
      {editingAmount ? (
        <AmountForm
          ref={amountField}
          payeeName={code.payee.name}
          currency={code.currency}
          text={amountText}
          onText={(text) => {
            setAmountText(text);
            if (refusedAmount) setAmount(undefined);
          }}
          onAmount={setAmount}
          refusal={refusedAmount ? errorMessage(t, refusal, i18n.language) : undefined}
        />
      ) : null}
      <AccountPicker
        accounts={accounts}
        value={fromId}
        disabled={paying}
        onChange={(id) => {
          setPayError(undefined);
          setFromId(id);
        }}
      />
      {quoted.loading && !editingAmount ? <Loading label={t('confirm.quoting')} /> : null}
      {refusal && !refusedAmount ? (
        <>
          <ErrorNotice error={refusal} />
          <div className="actions">
            {canStepUp ? (
              <Button variant="secondary" onClick={() => setSteppingUp(true)}>
                {t('confirm.stepUp')}
              </Button>
            ) : null}
            {canSwitchAccount ? <p className="hint">{t('confirm.switchAccountHint')}</p> : null}
            {!canStepUp && !canSwitchAccount ? (
              <Link className="button button--secondary" to="/pay">
                {t('confirm.scanAgain')}
              </Link>
            ) : null}
          </div>
        </>
      ) : null}
      {refusedAmount && canStepUp ? (
        <Button variant="secondary" onClick={() => setSteppingUp(true)}>
          {t('confirm.stepUp')}
        </Button>
      ) : null}
      {steppingUp ? (
        <StepUpPanel
          onDone={() => {
            setSteppingUp(false);
            quoted.retry();
          }}
          onCancel={() => setSteppingUp(false)}
        />
      ) : null}
      {quoted.changed && quote ? <InfoNotice>{t('confirm.figuresChanged')}</InfoNotice> : null}
      {quote?.firstTimePayee ? (
        <InfoNotice>{t('assurance.firstTime', { name: quote.payee.name })}</InfoNotice>
      ) : null}
      {quote?.holdMinutes ? (
        <InfoNotice>{t('assurance.willHold', { count: quote.holdMinutes })}</InfoNotice>
      ) : null}
      {quote?.duplicateSuspected ? <InfoNotice>{t('assurance.duplicateNote')}</InfoNotice> : null}
      {quote ? (
        <QuoteDetails
          quote={quote}
          onChangeAmount={
            needsAmount
              ? () => {
                  setAmount(undefined);
                  window.setTimeout(() => amountField.current?.focus(), 0);
                }
              : undefined
          }
        />
      ) : null}
      <ErrorNotice error={payError} />
      <ConfirmDialog
        open={duplicateOf !== undefined}
        title={t('assurance.duplicateTitle')}
        confirmLabel={t('assurance.payAgain')}
        onCancel={() => setDuplicateOf(undefined)}
        onConfirm={() => {
          const pending = duplicateOf;
          setDuplicateOf(undefined);
          if (pending) pay(pending.quoteId, pending.idempotencyKey, true);
        }}
      >
        <p>
          {quote
            ? t('assurance.duplicateText', {
                amount: money(quote.amount, quote.currency),
                name: quote.payee.name,
              })
            : t('errors.DUPLICATE_SUSPECTED')}
        </p>
      </ConfirmDialog>
    </>
  );
}

function PayFooter({
  expiresAt,
  paying,
  onPay,
  onRefresh,
}: {
  readonly expiresAt: string;
  readonly paying: boolean;
  readonly onPay: () => void;
  readonly onRefresh: () => void;
}) {
  const { t } = useTranslation();
  const secondsLeft = useCountdown(expiresAt) ?? 0;
  const expired = secondsLeft === 0 && !paying;
  return (
    <>
      <p className="hint" aria-live="off">
        {expired
          ? t('confirm.expired')
          : t('confirm.validFor', { time: formatDuration(secondsLeft) })}
      </p>
      {expired ? (
        <Button onClick={onRefresh}>{t('confirm.refresh')}</Button>
      ) : (
        <Button onClick={onPay} busy={paying}>
          {t('confirm.complete')}
        </Button>
      )}
    </>
  );
}

/** A QR account in the code's currency when there is one: no exchange needed. */
function defaultPayingAccount(accounts: readonly QrAccount[], currency: string): QrAccount {
  const sameCurrency = accounts.find((account) => account.currency === currency);
  return sameCurrency ?? (accounts[0] as QrAccount);
}
