/**
 * Login (guide §3; enrollment step 2): CIF and password, "Aprovo". On a device this customer
 * trusted, SmartOTP proves the device (fingerprint, face, PIN) instead of an SMS code and gives
 * a partial session; otherwise, or if SmartOTP is refused, the SMS code follows (full login).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice, InfoNotice } from '../components/ErrorNotice.tsx';
import { Screen } from '../components/Screen.tsx';
import { StepIndicator } from '../components/StepIndicator.tsx';
import { TextField } from '../components/TextField.tsx';
import { remembered } from '../device/remembered.ts';
import { ClientError, messageKeyOf } from '../i18n/error-message.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { smartOtpLogin } from '../webauthn/smartotp.ts';
import { afterLoginPath } from './after-login.ts';

export interface LoginFlowState {
  /** Set when the customer accepted the terms just before (enrollment). */
  readonly termsVersion?: string;
  /** The screen to go back to after the login (where an idle timeout ended the session). */
  readonly returnTo?: string;
}

/** Refusals after which SmartOTP cannot work here and the SMS code is the way in. */
const smartOtpFallbacks = new Set([
  'SMARTOTP_DISABLED',
  'DEVICE_NOT_TRUSTED',
  'WEBAUTHN_CANCELLED',
  'WEBAUTHN_UNAVAILABLE',
]);

export function LoginScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const flow = (location.state as LoginFlowState | null) ?? {};
  const enrolling = flow.termsVersion !== undefined;
  const [cif, setCif] = useState(() => remembered.cif() ?? '');
  const [password, setPassword] = useState('');
  const [useSms, setUseSms] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fallbackNotice, setFallbackNotice] = useState<string | undefined>(undefined);
  const deviceTrusted =
    remembered.deviceId() !== undefined &&
    remembered.smartOtpOn() &&
    remembered.cif() === cif.trim();
  const trySmartOtp = deviceTrusted && !useSms && !enrolling;

  const fullLogin = async () => {
    const challenge = await api.startLogin(cif.trim(), password);
    navigate('/login/otp', { state: { ...flow, cif: cif.trim(), challenge } });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!cif.trim() || !password) {
      setError(new ClientError('UNKNOWN'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      if (!trySmartOtp) return await fullLogin();
      try {
        await smartOtpLogin(cif.trim(), password);
        const profile = await session.refresh();
        if (profile) navigate(afterLoginPath(profile, flow.returnTo), { replace: true });
      } catch (failure) {
        const key = messageKeyOf(failure);
        if (!smartOtpFallbacks.has(key)) throw failure;
        if (key === 'DEVICE_NOT_TRUSTED' || key === 'SMARTOTP_DISABLED')
          remembered.setDeviceId(undefined);
        setFallbackNotice(t(`login.fallback.${key}`));
        await fullLogin();
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const missing = error instanceof ClientError && error.key === 'UNKNOWN';
  return (
    <Screen
      title={enrolling ? t('login.enrollTitle') : t('login.title')}
      back={enrolling ? '/enroll' : '/'}
    >
      {enrolling ? <StepIndicator step={2} total={3} /> : null}
      <p className="lead">{trySmartOtp ? t('login.smartOtpLead') : t('login.lead')}</p>
      {fallbackNotice ? <InfoNotice>{fallbackNotice}</InfoNotice> : null}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label={t('login.cif')}
          name="cif"
          autoComplete="username"
          inputMode="numeric"
          value={cif}
          required
          onChange={(event) => setCif(event.target.value)}
          error={missing && !cif.trim() ? t('login.cifMissing') : undefined}
        />
        <TextField
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          required
          onChange={(event) => setPassword(event.target.value)}
          error={missing && !password ? t('login.passwordMissing') : undefined}
        />
        {!missing ? <ErrorNotice error={error} /> : null}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t('login.approve')}
          </Button>
        </div>
      </form>
      {trySmartOtp ? (
        <p className="hint">
          {t('login.smartOtpHint')}{' '}
          <button type="button" className="link-button" onClick={() => setUseSms(true)}>
            {t('login.useSms')}
          </button>
        </p>
      ) : null}
      {!enrolling ? (
        <p className="hint">
          <Link to="/enroll">{t('login.newHere')}</Link>
        </p>
      ) : null}
    </Screen>
  );
}
