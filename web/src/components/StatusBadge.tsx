import { useTranslation } from 'react-i18next';
import type { RequestStatus } from '../api/types.ts';

export function StatusBadge({ status }: { readonly status: RequestStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${status}`}>{t(`status.${status}`)}</span>;
}
