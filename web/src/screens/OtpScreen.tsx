/**
 * The SMS code (guide §3; enrollment step 3): four digits, "Aprovo". Completes the full login;
 * during enrollment it also joins SmartPay with the accepted terms' version.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { OtpChallenge } from '../api/types.ts';
import { OtpCodeEntry } from '../components/OtpCodeEntry.tsx';
import { Screen } from '../components/Screen.tsx';
import { StepIndicator } from '../components/StepIndicator.tsx';
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
  if (!flow || !challenge) return <Navigate to="/login" replace />;
  const enrolling = flow.termsVersion !== undefined;

  const complete = async (code: string) => {
    const answer = await api.completeOtpLogin(challenge.challengeId, code);
    remembered.setCif(flow.cif);
    if (!answer.enrolled && flow.termsVersion) await api.enroll(flow.termsVersion);
    const profile = await session.refresh();
    if (profile) navigate(afterLoginPath(profile, flow.returnTo), { replace: true });
  };

  return (
    <Screen title={t('otp.title')} back="/login">
      {enrolling ? <StepIndicator step={3} total={3} /> : null}
      <OtpCodeEntry
        challenge={challenge}
        onCode={complete}
        onResend={async () => setChallenge(await api.resendOtp(challenge.challengeId))}
      />
    </Screen>
  );
}
