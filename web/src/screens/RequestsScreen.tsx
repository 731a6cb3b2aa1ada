/** "Kërkesat" (guide §7.1–7.2): every request with its status, filterable; live when one is paid. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { PaymentRequest, RequestStatus } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { FilterTabs } from '../components/FilterTabs.tsx';
import { formatDateTime } from '../components/format.ts';
import { Icon } from '../components/Icon.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';

type Filter = 'all' | RequestStatus;
const filters: readonly Filter[] = ['all', 'open', 'closed', 'cancelled', 'expired'];

export function RequestsScreen() {
  const { t } = useTranslation();
  const live = useLiveEvents();
  const [filter, setFilter] = useState<Filter>('all');
  const requests = useLoad(`requests:${filter}:${live.version}`, () =>
    api.requests(filter === 'all' ? undefined : filter),
  );
  return (
    <Screen
      title={t('requests.title')}
      navigation
      headerAction={
        <Link className="icon-button" to="/requests/new" aria-label={t('home.specifyAmount')}>
          <Icon name="plus" />
        </Link>
      }
    >
      <FilterTabs
        label={t('requests.filterLabel')}
        value={filter}
        onChange={setFilter}
        options={filters.map((value) => ({ value, label: t(`requests.filter.${value}`) }))}
      />
      {requests.loading && !requests.data ? <Loading /> : null}
      <ErrorNotice error={requests.error} />
      {requests.data?.items.length === 0 ? (
        <EmptyState icon="list" text={t('requests.empty')}>
          <Link className="button button--primary" to="/requests/new">
            {t('requests.create')}
          </Link>
        </EmptyState>
      ) : null}
      <ul className="list" aria-label={t('requests.title')}>
        {requests.data?.items.map((request) => (
          <RequestRow key={request.id} request={request} />
        ))}
      </ul>
    </Screen>
  );
}

/** Paid is a success, shown as one; cancelled and expired are greyed and struck through. */
const rowClass: Readonly<Record<RequestStatus, string>> = {
  open: '',
  closed: ' list-row--paid',
  cancelled: ' list-row--inactive',
  expired: ' list-row--inactive',
};

function RequestRow({ request }: { readonly request: PaymentRequest }) {
  const { t } = useTranslation();
  return (
    <li className={`list-row${rowClass[request.status]}`}>
      <Link to={`/requests/${request.id}`} className="list-row__link">
        <span className="list-row__main">
          <MoneyText
            className="list-row__amount"
            amount={request.split ? request.split.total : request.amount}
            currency={request.currency}
          />
          {request.split ? (
            <span className="list-row__paid">
              {t('split.progress', {
                paid: request.split.paidShares,
                count: request.split.shareCount,
              })}
            </span>
          ) : null}
          {request.paidBy ? (
            <span className="list-row__paid">
              {t('requests.paidBy', { name: request.paidBy.name })}
            </span>
          ) : null}
          <span className="list-row__detail">
            {request.note ? `${request.note} · ` : ''}
            {formatDateTime(request.createdAt)}
          </span>
        </span>
        <StatusBadge status={request.status} />
        <span className="visually-hidden">{t('requests.openDetails')}</span>
      </Link>
    </li>
  );
}
