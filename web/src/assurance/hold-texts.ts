/** Why a held payment was refused at its release time, in the payer's words. */
import type { TFunction } from 'i18next';

export function refusalReason(t: TFunction, code: string | null): string {
  if (code === 'LIMIT_PER_PAYMENT' || code === 'LIMIT_PER_DAY' || code === 'LIMIT_COUNT_PER_DAY')
    return t('hold.reason.limit');
  if (code === 'INSUFFICIENT_FUNDS') return t('hold.reason.funds');
  if (code?.startsWith('QR_')) return t('hold.reason.code');
  return t('hold.reason.other');
}
