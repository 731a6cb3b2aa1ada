/**
 * The SMS step-up, right on the confirmation screen: a customer logged in partially (SmartOTP,
 * lower limits) who hits a limit enters the password and the SMS code here and carries on with
 * a full session, the payment's inputs untouched.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints.ts';
import type { OtpChallenge } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { OtpCodeEntry } from '../components/OtpCodeEntry.tsx';
import { TextField } from '../components/TextField.tsx';
import { useProfile, useSession } from '../session/SessionProvider.tsx';

export function StepUpPanel({
  onDone,
  onCancel,
}: {
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const profile = useProfile();
  const session = useSession();
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<OtpChallenge | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setChallenge(await api.startLogin(profile.cif, password));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card step-up" aria-labelledby="step-up-title">
      <h2 id="step-up-title" className="section-title">
        {t('stepUp.title')}
      </h2>
      {challenge ? (
        <OtpCodeEntry
          challenge={challenge}
          onCode={async (code) => {
            await api.completeOtpLogin(challenge.challengeId, code);
            await session.refresh();
            onDone();
          }}
          onResend={async () => setChallenge(await api.resendOtp(challenge.challengeId))}
        />
      ) : (
        <form className="form" onSubmit={(event) => void send(event)} noValidate>
          <p className="hint">{t('stepUp.lead')}</p>
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <ErrorNotice error={error} />
          <div className="actions">
            <Button type="submit" busy={busy} disabled={!password}>
              {t('stepUp.send')}
            </Button>
            <Button variant="ghost" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
