/**
 * The front of SmartPay: the customer's name (the button beside it opens the profile),
 * "Llogaritë e mia" with each QR account and its account code, and the main actions.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, pictureUrls } from '../api/endpoints.ts';
import type { QrAccount } from '../api/types.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatIban } from '../components/format.ts';
import { Icon } from '../components/Icon.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';
import { useProfile } from '../session/SessionProvider.tsx';

export function HomeScreen() {
  const { t } = useTranslation();
  const profile = useProfile();
  const live = useLiveEvents();
  const accounts = useLoad(`qr-accounts:${live.version}`, api.qrAccounts);
  const first = accounts.data?.[0];
  return (
    <Screen
      title={t('home.title')}
      navigation
      headerAction={
        <Link
          to="/profile"
          className="avatar"
          aria-label={t('home.openProfile', { name: profile.name })}
        >
          {initials(profile.name)}
        </Link>
      }
    >
      <p className="greeting">
        {t('home.greeting', { name: profile.name.split(' ')[0] })}
        <span className={`level level--${profile.level}`}>
          {t(`profile.level.${profile.level}`)}
        </span>
      </p>
      <nav className="quick-actions" aria-label={t('home.actions')}>
        <Link className="quick-action" to="/pay">
          <Icon name="camera" />
          <span>{t('home.scan')}</span>
        </Link>
        <Link
          className="quick-action"
          to={first ? `/requests/new?account=${first.id}` : '/accounts/new'}
        >
          <Icon name="amount" />
          <span>{t('home.specifyAmount')}</span>
        </Link>
        <Link className="quick-action" to="/requests">
          <Icon name="list" />
          <span>{t('home.requests')}</span>
        </Link>
        <Link className="quick-action" to="/incoming">
          <Icon name="inbox" />
          <span>{t('home.incoming')}</span>
        </Link>
      </nav>
      <section aria-labelledby="my-accounts">
        <div className="section-header">
          <h2 id="my-accounts" className="section-title">
            {t('home.myAccounts')}
          </h2>
          <Link className="button button--secondary button--small" to="/accounts/new">
            <Icon name="plus" size={18} />
            <span>{t('home.create')}</span>
          </Link>
        </div>
        {accounts.loading && !accounts.data ? <Loading /> : null}
        <ErrorNotice error={accounts.error} />
        {accounts.data?.length === 0 ? <EmptyState icon="qr" text={t('home.empty')} /> : null}
        <ul className="cards">
          {accounts.data?.map((account) => (
            <QrAccountCard key={account.id} account={account} />
          ))}
        </ul>
      </section>
    </Screen>
  );
}

function QrAccountCard({ account }: { readonly account: QrAccount }) {
  const { t } = useTranslation();
  return (
    <li>
      <Link className="card account-card" to={`/accounts/${account.id}`}>
        <img
          className="account-card__code"
          src={pictureUrls.accountCode(account.id, 160)}
          alt=""
          width={72}
          height={72}
        />
        <span className="account-card__body">
          <span className="account-card__title">
            {t('home.accountTitle', { currency: account.currency })}
          </span>
          <span className="account-card__iban">{formatIban(account.iban)}</span>
          <MoneyText
            className="account-card__balance"
            amount={account.balance}
            currency={account.currency}
          />
        </span>
        <span className="chevron" aria-hidden="true">
          ›
        </span>
      </Link>
    </li>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
}
