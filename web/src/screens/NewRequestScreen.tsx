/** "Specifikoni Shumën" (guide §5.2): the amount (and an optional note), "Aprovo" → the request's code. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { QrAccount } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { formatIban } from '../components/format.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { Screen } from '../components/Screen.tsx';
import { TextField } from '../components/TextField.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { parseAmountInput } from '../money/amount.ts';

export const noteLengthMax = 140;
/** "Ndaje faturën": 2 to 20 shares (src/qr/split.ts). */
const shareCounts = Array.from({ length: 19 }, (_, i) => i + 2);

export function NewRequestScreen() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const accounts = useLoad('qr-accounts', api.qrAccounts);
  return (
    <Screen title={t('request.newTitle')} back="/home" navigation>
      {accounts.loading && !accounts.data ? <Loading /> : null}
      <ErrorNotice error={accounts.error} />
      {accounts.data?.length === 0 ? (
        <EmptyState icon="qr" text={t('home.empty')}>
          <Link className="button button--primary" to="/accounts/new">
            {t('home.create')}
          </Link>
        </EmptyState>
      ) : null}
      {accounts.data && accounts.data.length > 0 ? (
        <RequestForm
          accounts={accounts.data}
          initialAccountId={search.get('account') ?? undefined}
        />
      ) : null}
    </Screen>
  );
}

function RequestForm({
  accounts,
  initialAccountId,
}: {
  readonly accounts: readonly QrAccount[];
  readonly initialAccountId: string | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [accountId, setAccountId] = useState(
    accounts.find((account) => account.id === initialAccountId)?.id ?? accounts[0]?.id ?? '',
  );
  const [amountText, setAmountText] = useState('');
  const [note, setNote] = useState('');
  const [splitting, setSplitting] = useState(false);
  const [shares, setShares] = useState(2);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const account = accounts.find((each) => each.id === accountId);
  const currency = account?.currency ?? 'EUR';
  const amount = parseAmountInput(amountText, currency);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!amount.ok || !account) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.createRequest(
        account.id,
        amount.amount,
        note.trim() || undefined,
        splitting ? shares : undefined,
      );
      navigate(`/requests/${created.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      {accounts.length > 1 ? (
        <div className="field">
          <label className="field__label" htmlFor="request-account">
            {t('request.account')}
          </label>
          <select
            id="request-account"
            className="field__input"
            value={accountId}
            onChange={(event) => setAccountId(event.target.value)}
          >
            {accounts.map((each) => (
              <option key={each.id} value={each.id}>
                {each.currency} · {formatIban(each.iban)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <TextField
        label={t(splitting ? 'split.total' : 'request.amount')}
        name="amount"
        className="field--amount"
        inputMode="decimal"
        autoComplete="off"
        value={amountText}
        suffix={currency}
        onChange={(event) => setAmountText(event.target.value)}
        onBlur={() => setTouched(true)}
        hint={t('request.amountHint', { currency })}
        error={
          touched && !amount.ok
            ? t(`amount.${amount.problem}`, { decimals: amount.decimalsMax })
            : undefined
        }
      />
      <TextField
        label={t('request.note')}
        name="note"
        maxLength={noteLengthMax}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <label className="check-row">
        <input
          type="checkbox"
          name="split"
          checked={splitting}
          onChange={(event) => setSplitting(event.target.checked)}
        />
        {t('split.option')}
      </label>
      {splitting ? (
        <div className="field">
          <label className="field__label" htmlFor="request-shares">
            {t('split.shares')}
          </label>
          <select
            id="request-shares"
            className="field__input"
            value={shares}
            onChange={(event) => setShares(Number(event.target.value))}
          >
            {shareCounts.map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
          </select>
          <p className="field__hint">{t('split.sharesHint')}</p>
        </div>
      ) : null}
      <ErrorNotice error={error} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t('request.approve')}
        </Button>
      </div>
    </form>
  );
}
