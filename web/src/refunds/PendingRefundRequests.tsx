/** The refund requests waiting for the payee's answer, each leading to its payment. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { MoneyText } from '../components/MoneyText.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';

export function PendingRefundRequests() {
  const { t } = useTranslation();
  const live = useLiveEvents();
  const requests = useLoad(`refund-requests:${live.version}`, api.refundRequests);
  const items = requests.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="refund-requests-title">
      <h2 className="section-title" id="refund-requests-title">
        {t('refund.pending')}
      </h2>
      <ul className="list">
        {items.map((request) => (
          <li key={request.id} className="list-row">
            <Link to={`/payments/${request.paymentId}`} className="list-row__link">
              <span className="list-row__main">
                <span className="list-row__title">
                  {t('refund.pendingFrom', { name: request.payerName })}
                </span>
                <span className="list-row__detail">“{request.reason}”</span>
              </span>
              <MoneyText
                className="list-row__amount"
                amount={request.amount}
                currency={request.currency}
              />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
