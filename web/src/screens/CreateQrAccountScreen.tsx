/** "Krijoni Llogari QR" (guide §4.1): choose the bank account, "Aprovo"; its account code is made at once. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { Button } from '../components/Button.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatIban } from '../components/format.ts';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useNotify } from '../live/Notices.tsx';

export function CreateQrAccountScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notify = useNotify();
  const bankAccounts = useLoad('bank-accounts', api.bankAccounts);
  const qrAccounts = useLoad('qr-accounts', api.qrAccounts);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const taken = new Set(qrAccounts.data?.map((account) => account.bankAccountId));
  const available = bankAccounts.data?.filter((account) => !taken.has(account.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      const opened = await api.openQrAccount(chosen);
      notify(
        t('accounts.created', { currency: opened.currency }),
        'success',
        `/accounts/${opened.id}`,
      );
      navigate(`/accounts/${opened.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Screen title={t('accounts.createTitle')} back="/home" navigation>
      <p className="lead">{t('accounts.chooseLead')}</p>
      {bankAccounts.loading && !bankAccounts.data ? <Loading /> : null}
      <ErrorNotice error={bankAccounts.error} />
      {available?.length === 0 ? <EmptyState icon="qr" text={t('accounts.noneAvailable')} /> : null}
      {available && available.length > 0 ? (
        <form className="form" onSubmit={(event) => void submit(event)}>
          <fieldset className="choices">
            <legend className="field__label">{t('accounts.chooseAccount')}</legend>
            {available.map((account) => (
              <label
                key={account.id}
                className={`choice${chosen === account.id ? ' is-chosen' : ''}`}
              >
                <input
                  type="radio"
                  name="bankAccount"
                  value={account.id}
                  checked={chosen === account.id}
                  onChange={() => setChosen(account.id)}
                />
                <span className="choice__body">
                  <span className="choice__title">
                    {account.currency} · {formatIban(account.iban)}
                  </span>
                  <span className="choice__detail">
                    {t('accounts.available')}:{' '}
                    <MoneyText amount={account.available} currency={account.currency} />
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <ErrorNotice error={error} />
          <div className="actions">
            <Button type="submit" busy={busy} disabled={!chosen}>
              {t('accounts.approve')}
            </Button>
          </div>
        </form>
      ) : null}
    </Screen>
  );
}
