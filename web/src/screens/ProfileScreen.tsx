/**
 * The user profile (guide §8): details, login level, limits and today's usage, the SmartOTP
 * switch (only in a full session), trusted devices, cooling-off, "Dalja" and "Më harro".
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { isApiError } from '../api/client.ts';
import type { Profile } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { DetailList } from '../components/DetailList.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { CoolingOffSection } from '../assurance/CoolingOffSection.tsx';
import { remembered } from '../device/remembered.ts';
import { useSession, useProfile } from '../session/SessionProvider.tsx';
import { shouldOfferTrust } from './after-login.ts';

export function ProfileScreen() {
  const { t } = useTranslation();
  const profile = useProfile();
  return (
    <Screen title={t('profile.title')} back="/home" navigation>
      <section className="profile-card" aria-labelledby="profile-name">
        <p className="profile-card__name" id="profile-name">
          {profile.name}
        </p>
        <DetailList
          rows={[
            { label: t('profile.cif'), value: profile.cif },
            { label: t('profile.phone'), value: profile.phoneMasked },
            { label: t('profile.levelLabel'), value: t(`profile.level.${profile.level}`) },
          ]}
        />
      </section>
      <SmartOtpSwitch profile={profile} />
      <LimitsSection profile={profile} />
      <CoolingOffSection profile={profile} />
      <section aria-labelledby="language-title">
        <h2 id="language-title" className="section-title">
          {t('language.label')}
        </h2>
        <LanguageSwitch />
      </section>
      <ExitButtons />
    </Screen>
  );
}

function SmartOtpSwitch({ profile }: { readonly profile: Profile }) {
  const { t } = useTranslation();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const partial = profile.level === 'partial';
  const thisDevice = remembered.deviceId();
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.setSmartOtp(!profile.smartOtpEnabled);
      remembered.setSmartOtpOn(answer.enabled);
      await session.refresh();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="smartotp-title">
      <h2 id="smartotp-title" className="section-title">
        {t('profile.smartOtp')}
      </h2>
      <div className="switch-row">
        <span className="switch-row__text" id="smartotp-label">
          {t('profile.smartOtpLabel')}
        </span>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={profile.smartOtpEnabled}
          aria-labelledby="smartotp-label"
          aria-describedby="smartotp-reason"
          disabled={partial || busy}
          onClick={() => void toggle()}
        >
          <span className="switch__thumb" aria-hidden="true" />
        </button>
      </div>
      <p className="hint" id="smartotp-reason">
        {partial ? t('profile.smartOtpPartialReason') : t('profile.smartOtpHint')}
      </p>
      <ErrorNotice error={error} />
      {profile.devices.length > 0 ? (
        <ul className="devices" aria-label={t('profile.devices')}>
          {profile.devices.map((device) => (
            <li key={device.id}>
              {device.name}
              {device.id === thisDevice ? (
                <span className="tag">{t('profile.thisDevice')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {shouldOfferTrust(profile) ? (
        <Link className="button button--secondary" to="/trust-device">
          {t('profile.trustThisDevice')}
        </Link>
      ) : null}
    </section>
  );
}

function LimitsSection({ profile }: { readonly profile: Profile }) {
  const { t } = useTranslation();
  const { limits } = profile;
  return (
    <section aria-labelledby="limits-title">
      <h2 id="limits-title" className="section-title">
        {t('profile.limits', { level: t(`profile.level.${profile.level}`) })}
      </h2>
      <DetailList
        rows={[
          { label: t('profile.perPayment'), value: <MoneyText {...limits.perPayment} /> },
          { label: t('profile.perDay'), value: <MoneyText {...limits.perDay} /> },
          {
            label: t('profile.countPerDay'),
            value:
              limits.countPerDay === null ? t('profile.noCountLimit') : String(limits.countPerDay),
          },
          { label: t('profile.usedToday'), value: <MoneyText {...limits.usedToday} /> },
          { label: t('profile.paymentsToday'), value: String(limits.paymentsToday) },
          {
            label: t('profile.remainingToday'),
            // With the day's count used up, no amount is left to pay, whatever the sum says.
            value:
              limits.paymentsRemainingToday === 0 ? (
                t('profile.countUsedUp')
              ) : (
                <MoneyText {...limits.remainingToday} />
              ),
            emphasis: true,
          },
        ]}
      />
    </section>
  );
}

function ExitButtons() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const [busy, setBusy] = useState<'exit' | 'forget' | undefined>(undefined);
  const [confirmingForget, setConfirmingForget] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const leave = async (kind: 'exit' | 'forget') => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === 'exit') await api.logout();
      else {
        // The id this browser remembers may be another customer's device (one shared phone):
        // the server refuses it as NOT_FOUND, and then only this session's own device is forgotten.
        await api
          .forgetMe(remembered.deviceId())
          .catch((failure: unknown) =>
            isApiError(failure, 'NOT_FOUND') ? api.forgetMe(undefined) : Promise.reject(failure),
          );
        remembered.forgetCustomer();
      }
      session.signedOut(kind);
      navigate('/', { replace: true, state: { left: kind } });
    } catch (failure) {
      setError(failure);
      setBusy(undefined);
      setConfirmingForget(false);
    }
  };
  return (
    <section className="exit" aria-label={t('profile.exitSection')}>
      <ErrorNotice error={error} />
      <Button
        variant="secondary"
        busy={busy === 'exit'}
        aria-describedby="exit-hint"
        onClick={() => void leave('exit')}
      >
        {t('profile.exit')}
      </Button>
      <p className="hint" id="exit-hint">
        {t('profile.exitHint')}
      </p>
      <Button
        variant="danger"
        busy={busy === 'forget'}
        aria-describedby="forget-hint"
        onClick={() => setConfirmingForget(true)}
      >
        {t('profile.forgetMe')}
      </Button>
      <p className="hint" id="forget-hint">
        {t('profile.forgetMeHint')}
      </p>
      <ConfirmDialog
        open={confirmingForget}
        title={t('profile.forgetMeTitle')}
        confirmLabel={t('profile.forgetMeApprove')}
        busy={busy === 'forget'}
        onConfirm={() => void leave('forget')}
        onCancel={() => setConfirmingForget(false)}
      >
        <p>{t('profile.forgetMeExplain')}</p>
      </ConfirmDialog>
    </section>
  );
}
