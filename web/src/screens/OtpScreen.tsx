/**
 * The SMS code (guide §3; enrollment step 3): four digits, "Aprovo". Completes the full login;
 * during enrollment it also joins SmartPay with the accepted terms' version.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { OtpChallenge } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice, InfoNotice } from '../components/ErrorNotice.tsx';
import { Screen } from '../components/Screen.tsx';
import { StepIndicator } from '../components/StepIndicator.tsx';
import { TextField } from '../components/TextField.tsx';
import { remembered } from '../device/remembered.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { afterLoginPath } from './after-login.ts';
import type { LoginFlowState } from './LoginScreen.tsx';

interface OtpFlowState extends LoginFlowState {
  readonly cif: string;
  readonly challenge: OtpChallenge;
}

export function OtpScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const flow = location.state as OtpFlowState | null;
  const [challenge, setChallenge] = useState(flow?.challenge);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  if (!flow || !challenge) return <Navigate to="/login" replace />;
  const enrolling = flow.termsVersion !== undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.completeOtpLogin(challenge.challengeId, code.trim());
      remembered.setCif(flow.cif);
      if (!answer.enrolled && flow.termsVersion) await api.enroll(flow.termsVersion);
      const profile = await session.refresh();
      if (profile) navigate(afterLoginPath(profile), { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const resend = async () => {
    setError(undefined);
    try {
      setChallenge(await api.resendOtp(challenge.challengeId));
      setResent(true);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Screen title={t('otp.title')} back="/login">
      {enrolling ? <StepIndicator step={3} total={3} /> : null}
      <p className="lead">{t('otp.sentTo', { phone: challenge.phoneMasked })}</p>
      {resent ? <InfoNotice>{t('otp.resent')}</InfoNotice> : null}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label={t('otp.code')}
          name="otp"
          className="field--code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{4}"
          maxLength={4}
          value={code}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, ''))}
          hint={t('otp.hint')}
        />
        <ErrorNotice error={error} />
        <div className="actions">
          <Button type="submit" busy={busy} disabled={code.length !== 4}>
            {t('otp.approve')}
          </Button>
          <Button variant="ghost" onClick={() => void resend()}>
            {t('otp.resend')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
