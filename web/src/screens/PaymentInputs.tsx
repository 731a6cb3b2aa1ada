/**
 * What the payer chooses on the confirmation screen: the amount of an account code (kept when
 * the server refuses it, with the refusal on the field) and the QR account paying, always on
 * screen when there is more than one, so "choose another account" is something one can do.
 */
import { useState } from 'react';
import type { FormEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { QrAccount } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { formatIban } from '../components/format.ts';
import { TextField } from '../components/TextField.tsx';
import { parseAmountInput } from '../money/amount.ts';

export function AmountForm({
  ref,
  payeeName,
  currency,
  text,
  onText,
  onAmount,
  refusal,
}: {
  readonly ref?: Ref<HTMLInputElement>;
  readonly payeeName: string;
  readonly currency: string;
  readonly text: string;
  readonly onText: (text: string) => void;
  readonly onAmount: (amount: string) => void;
  /** The server's refusal of the amount, in words. */
  readonly refusal: string | undefined;
}) {
  const { t } = useTranslation();
  const [touched, setTouched] = useState(false);
  const amount = parseAmountInput(text, currency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (amount.ok) onAmount(amount.amount);
  };
  const typingError =
    touched && !amount.ok
      ? t(`amount.${amount.problem}`, { decimals: amount.decimalsMax })
      : undefined;
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="lead">{t('confirm.payTo', { name: payeeName })}</p>
      <TextField
        ref={ref}
        label={t('confirm.enterAmount')}
        name="amount"
        className="field--amount"
        inputMode="decimal"
        autoComplete="off"
        autoFocus
        value={text}
        suffix={currency}
        onChange={(event) => onText(event.target.value)}
        hint={t('confirm.enterAmountHint')}
        error={typingError ?? refusal}
      />
      <div className="actions">
        <Button type="submit">{t('common.continue')}</Button>
      </div>
    </form>
  );
}

export function AccountPicker({
  accounts,
  value,
  disabled,
  onChange,
}: {
  readonly accounts: readonly QrAccount[];
  readonly value: string;
  readonly disabled: boolean;
  readonly onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (accounts.length < 2) return null;
  return (
    <div className="field">
      <label className="field__label" htmlFor="pay-from">
        {t('confirm.from')}
      </label>
      <select
        id="pay-from"
        className="field__input"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.currency} · {formatIban(account.iban)}
          </option>
        ))}
      </select>
    </div>
  );
}
