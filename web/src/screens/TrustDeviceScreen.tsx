/**
 * After a full login (guide §3): offer to trust this device for SmartOTP. Where the device has no
 * platform authenticator (or the browser no WebAuthn), say so: logins stay full, with the SMS code.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { Screen } from '../components/Screen.tsx';
import { useNotify } from '../live/Notices.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { describeThisDevice, deviceCanUseSmartOtp, trustThisDevice } from '../webauthn/smartotp.ts';
import { appPath } from './after-login.ts';

export function TrustDeviceScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  // Where the login was headed: the screen before an idle logout, or home.
  const next = appPath(search.get('next')) ?? '/home';
  const session = useSession();
  const notify = useNotify();
  const [supported, setSupported] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    void deviceCanUseSmartOtp().then(setSupported);
  }, []);

  const trust = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await trustThisDevice(describeThisDevice());
      await session.refresh();
      notify(t('trust.done'), 'success', next);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Screen title={t('trust.title')}>
      <div className="hero-icon" aria-hidden="true">
        <Icon name="shield" size={40} />
      </div>
      {supported === undefined ? <Loading /> : null}
      {supported === true ? (
        <>
          <p className="lead">{t('trust.explain')}</p>
          <ul className="bullets">
            <li>{t('trust.pointLock')}</li>
            <li>{t('trust.pointLimits')}</li>
            <li>{t('trust.pointForget')}</li>
          </ul>
          <ErrorNotice error={error} />
          <div className="actions">
            <Button onClick={() => void trust()} busy={busy}>
              {t('trust.trust')}
            </Button>
            <Button variant="secondary" onClick={() => navigate(next, { replace: true })}>
              {t('trust.notNow')}
            </Button>
          </div>
        </>
      ) : null}
      {supported === false ? (
        <>
          <h2 className="section-title">{t('trust.unavailableTitle')}</h2>
          <p className="lead">{t('trust.unavailable')}</p>
          <div className="actions">
            <Button onClick={() => navigate(next, { replace: true })}>
              {t('common.continue')}
            </Button>
          </div>
        </>
      ) : null}
    </Screen>
  );
}
