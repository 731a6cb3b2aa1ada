/**
 * "Export": the history between two bank days as CSV (for a spreadsheet) or PDF (to keep or
 * print), optionally of one direction or one QR account. The same filters as the API's
 * /payments.csv and /payments.pdf.
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints.ts';
import type { PaymentDirection } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { Screen } from '../components/Screen.tsx';
import { TextField } from '../components/TextField.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { downloadFileFrom } from './receipt-files.ts';
import './receipt-actions.css';

/** '' for both directions. */
type Direction = '' | PaymentDirection;

/** YYYY-MM-DD of a date in the bank's time zone (Europe/Belgrade), as the API counts days. */
function bankDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade' }).format(date);
}

export function ExportScreen() {
  const { t } = useTranslation();
  const today = bankDay(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [direction, setDirection] = useState<Direction>('');
  const [qrAccountId, setQrAccountId] = useState('');
  const [busy, setBusy] = useState<'csv' | 'pdf' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const accounts = useLoad('qr-accounts', () => api.qrAccounts());
  const directionId = useId();
  const accountId = useId();
  const invalid = from === '' || to === '' || from > to;

  const download = (format: 'csv' | 'pdf') => {
    const query = new URLSearchParams({ from, to });
    if (direction) query.set('direction', direction);
    if (qrAccountId) query.set('qrAccountId', qrAccountId);
    setError(undefined);
    setBusy(format);
    downloadFileFrom(
      `/api/payments.${format}?${query.toString()}`,
      `smartpay-${from}-${to}.${format}`,
      format === 'csv' ? 'text/csv' : 'application/pdf',
    )
      .catch(setError)
      .finally(() => setBusy(undefined));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid) download('csv');
  };

  return (
    <Screen title={t('exportHistory.title')} back="/incoming" navigation>
      <form className="export" onSubmit={submit} noValidate>
        <TextField
          label={t('exportHistory.from')}
          type="date"
          value={from}
          max={to || undefined}
          onChange={(event) => setFrom(event.target.value)}
        />
        <TextField
          label={t('exportHistory.to')}
          type="date"
          value={to}
          min={from || undefined}
          error={from > to && to !== '' ? t('exportHistory.order') : undefined}
          onChange={(event) => setTo(event.target.value)}
        />
        <div className="field">
          <label className="field__label" htmlFor={directionId}>
            {t('exportHistory.direction')}
          </label>
          <select
            id={directionId}
            className="field__input"
            value={direction}
            onChange={(event) => setDirection(event.target.value as Direction)}
          >
            <option value="">{t('exportHistory.both')}</option>
            <option value="incoming">{t('payments.incomingTitle')}</option>
            <option value="outgoing">{t('payments.outgoingTitle')}</option>
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={accountId}>
            {t('exportHistory.account')}
          </label>
          <select
            id={accountId}
            className="field__input"
            value={qrAccountId}
            onChange={(event) => setQrAccountId(event.target.value)}
          >
            <option value="">{t('exportHistory.allAccounts')}</option>
            {accounts.data?.map((account) => (
              <option key={account.id} value={account.id}>
                {`${account.currency} · ${account.iban}`}
              </option>
            ))}
          </select>
        </div>
        <ErrorNotice error={error ?? accounts.error} />
        <div className="actions actions--row">
          <Button
            type="submit"
            variant="secondary"
            icon={<Icon name="download" size={20} />}
            busy={busy === 'csv'}
            disabled={invalid}
          >
            {t('exportHistory.csv')}
          </Button>
          <Button
            variant="secondary"
            icon={<Icon name="download" size={20} />}
            busy={busy === 'pdf'}
            disabled={invalid}
            onClick={() => download('pdf')}
          >
            {t('exportHistory.pdf')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
