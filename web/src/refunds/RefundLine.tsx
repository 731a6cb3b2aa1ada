/** "Kthyer 5,00 nga 12,50 EUR": how much of a payment a refund returned, or was refunded of it. */
import { useTranslation } from 'react-i18next';
import type { RefundLink } from '../api/types.ts';
import { displayAmount } from '../money/amount.ts';

export function useRefundText() {
  const { t, i18n } = useTranslation();
  return (link: RefundLink) =>
    t('refund.refundedOf', {
      amount: displayAmount(link.amount, i18n.language),
      of: displayAmount(link.of, i18n.language),
      currency: link.currency,
    });
}
