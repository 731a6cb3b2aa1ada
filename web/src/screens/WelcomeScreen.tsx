/**
 * The pre-login page (guide §1): the bank's app before login, with SmartPay's own icon as the
 * way in. A customer this device remembers goes to login; a new one starts with the terms.
 */
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { InfoNotice } from '../components/ErrorNotice.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { LoadingScreen } from '../components/LoadingScreen.tsx';
import { remembered } from '../device/remembered.ts';
import { OfflineScreen } from '../session/OfflineScreen.tsx';
import { useSession } from '../session/SessionProvider.tsx';

/** Why the pre-login page shows: a session that ended by itself, or "Dalja" / "Më harro". */
export interface WelcomeState {
  readonly expired?: boolean;
  readonly from?: string;
  readonly left?: 'exit' | 'forget';
}

export function WelcomeScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { state } = useSession();
  const arrival = location.state as WelcomeState | null;
  const expired = arrival?.expired === true;
  const returnTo = arrival?.from;
  if (state.status === 'loading') return <LoadingScreen />;
  if (state.status === 'offline') return <OfflineScreen />;
  if (state.status === 'signed-in')
    return <Navigate to={state.profile.enrolled ? '/home' : '/enroll'} replace />;
  const knownCustomer = remembered.enrolledHere();
  return (
    <div className="welcome">
      <header className="welcome__top">
        <span className="welcome__bank">{t('welcome.bank')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="welcome__main">
        <h1 className="welcome__title">{t('welcome.title')}</h1>
        <p className="welcome__tagline">{t('welcome.tagline')}</p>
        {expired ? <InfoNotice>{t('welcome.sessionEnded')}</InfoNotice> : null}
        {arrival?.left === 'exit' ? <InfoNotice>{t('welcome.signedOut')}</InfoNotice> : null}
        {arrival?.left === 'forget' ? <InfoNotice>{t('welcome.forgotten')}</InfoNotice> : null}
        <button
          type="button"
          className="smartpay-entry"
          onClick={() =>
            navigate(knownCustomer ? '/login' : '/enroll', returnTo ? { state: { returnTo } } : {})
          }
        >
          <img src="/icons/icon.svg" alt="" width="88" height="88" />
          <span className="smartpay-entry__name">{t('welcome.openSmartPay')}</span>
          <span className="smartpay-entry__hint">{t('welcome.openHint')}</span>
        </button>
        <ul className="welcome__benefits">
          <li>{t('welcome.benefitInstant')}</li>
          <li>{t('welcome.benefitSecure')}</li>
          <li>{t('welcome.benefitEasy')}</li>
        </ul>
        <p className="welcome__links">
          {knownCustomer ? (
            <Link to="/enroll">{t('welcome.firstTime')}</Link>
          ) : (
            <Link to="/login">{t('welcome.alreadyUser')}</Link>
          )}
        </p>
      </main>
    </div>
  );
}
