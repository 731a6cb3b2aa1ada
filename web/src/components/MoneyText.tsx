/** An amount as the API gives it, grouped for reading in the current language, with its currency. */
import { useTranslation } from 'react-i18next';
import { displayAmount } from '../money/amount.ts';

interface MoneyTextProps {
  readonly amount: string;
  readonly currency: string;
  readonly sign?: '+' | '−';
  readonly className?: string;
}

export function MoneyText({ amount, currency, sign, className }: MoneyTextProps) {
  const { i18n } = useTranslation();
  return (
    <span className={`money ${className ?? ''}`}>
      {sign ?? ''}
      {displayAmount(amount, i18n.language)}&nbsp;{currency}
    </span>
  );
}

export function useMoneyText() {
  const { i18n } = useTranslation();
  return (amount: string, currency: string) =>
    `${displayAmount(amount, i18n.language)} ${currency}`;
}
