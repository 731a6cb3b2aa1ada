/** "Hyrjet" (incoming, guide §7.2) and the payments sent; incoming updates live. */
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { Payment, PaymentDirection } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime } from '../components/format.ts';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { HeldPayments } from '../assurance/HeldPayments.tsx';
import { useLiveEvents } from '../live/LiveEvents.tsx';
import { PendingRefundRequests } from '../refunds/PendingRefundRequests.tsx';
import { useRefundText } from '../refunds/RefundLine.tsx';

export function PaymentsScreen({ direction }: { readonly direction: PaymentDirection }) {
  const { t } = useTranslation();
  const live = useLiveEvents();
  const payments = useLoad(`payments:${direction}:${live.version}`, () => api.payments(direction));
  const title =
    direction === 'incoming' ? t('payments.incomingTitle') : t('payments.outgoingTitle');
  return (
    <Screen title={title} navigation>
      <nav className="filters" aria-label={t('payments.directionLabel')}>
        <NavLink className="filters__option" to="/incoming">
          {t('payments.incomingTitle')}
        </NavLink>
        <NavLink className="filters__option" to="/outgoing">
          {t('payments.outgoingTitle')}
        </NavLink>
      </nav>
      <Link className="button button--ghost" to="/payments/export">
        {t('exportHistory.open')}
      </Link>
      {direction === 'incoming' ? <PendingRefundRequests /> : null}
      {direction === 'outgoing' ? <HeldPayments version={live.version} /> : null}
      {payments.loading && !payments.data ? <Loading /> : null}
      <ErrorNotice error={payments.error} />
      {payments.data?.items.length === 0 ? (
        <EmptyState
          icon={direction === 'incoming' ? 'inbox' : 'outbox'}
          text={t(`payments.empty.${direction}`)}
        />
      ) : null}
      <ul className="list" aria-label={title}>
        {payments.data?.items.map((payment) => (
          <PaymentRow key={payment.id} payment={payment} />
        ))}
      </ul>
    </Screen>
  );
}

function PaymentRow({ payment }: { readonly payment: Payment }) {
  const { t } = useTranslation();
  const refundText = useRefundText();
  const incoming = payment.direction === 'incoming';
  const refund = payment.refundOf ?? payment.refunded;
  return (
    <li className="list-row">
      <Link to={`/payments/${payment.id}`} className="list-row__link">
        <span className="list-row__main">
          <span className="list-row__title">
            {incoming
              ? t('payments.from', { name: payment.counterparty.name })
              : t('payments.to', { name: payment.counterparty.name })}
          </span>
          <span className="list-row__detail">
            {refund ? `${refundText(refund)} · ` : ''}
            {payment.note ? `${payment.note} · ` : ''}
            {formatDateTime(payment.createdAt)}
          </span>
        </span>
        <MoneyText
          className={`list-row__amount ${incoming ? 'is-incoming' : 'is-outgoing'}`}
          amount={payment.amount}
          currency={payment.currency}
          sign={incoming ? '+' : '−'}
        />
      </Link>
    </li>
  );
}
