/**
 * The four-digit SMS code: filled by SMS autofill (autocomplete="one-time-code") or by hand, it
 * submits itself at the fourth digit; a wrong code is cleared for the next try; "Dërgo kodin
 * përsëri" shows how long until a new code may be asked for and stays off until then.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import type { OtpChallenge } from '../api/types.ts';
import { formatDuration, useCountdown } from '../hooks/useCountdown.ts';
import { Button } from './Button.tsx';
import { ErrorNotice, InfoNotice } from './ErrorNotice.tsx';
import { TextField } from './TextField.tsx';

/** The server lets a code be sent again 30 s after the last one (src/identity/otp.ts). */
const resendWaitMs = 30_000;
const codeLength = 4;

export function OtpCodeEntry({
  challenge,
  onCode,
  onResend,
}: {
  readonly challenge: OtpChallenge;
  /** Completes the login with the code; rejects with the server's refusal. */
  readonly onCode: (code: string) => Promise<void>;
  readonly onResend: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [resendAt, setResendAt] = useState(() => new Date(Date.now() + resendWaitMs).toISOString());
  const resendIn = useCountdown(resendAt) ?? 0;
  const submitted = useRef('');
  const field = useRef<HTMLInputElement>(null);

  const submit = async (value: string) => {
    if (busy || value.length !== codeLength) return;
    submitted.current = value;
    setBusy(true);
    setError(undefined);
    try {
      await onCode(value);
    } catch (failure) {
      setError(failure);
      if (isApiError(failure, 'OTP_INVALID') || isApiError(failure, 'OTP_EXPIRED')) {
        setCode('');
        field.current?.focus();
      }
      setBusy(false);
    }
  };

  useEffect(() => {
    if (code.length === codeLength && code !== submitted.current) void submit(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- submit only when the code changes
  }, [code]);

  const resend = async () => {
    setError(undefined);
    try {
      await onResend();
      setResent(true);
      setCode('');
      submitted.current = '';
      setResendAt(new Date(Date.now() + resendWaitMs).toISOString());
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <p className="lead">{t('otp.sentTo', { phone: challenge.phoneMasked })}</p>
      {resent ? <InfoNotice>{t('otp.resent')}</InfoNotice> : null}
      <form
        className="form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void submit(code);
        }}
        noValidate
      >
        <TextField
          ref={field}
          label={t('otp.code')}
          name="otp"
          className="field--code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{4}"
          maxLength={codeLength}
          autoFocus
          value={code}
          onChange={(event) => {
            submitted.current = '';
            setCode(event.target.value.replace(/\D/g, '').slice(0, codeLength));
          }}
          hint={t('otp.hint')}
        />
        <ErrorNotice error={error} />
        <div className="actions">
          <Button type="submit" busy={busy} disabled={code.length !== codeLength}>
            {t('otp.approve')}
          </Button>
          <Button variant="ghost" disabled={resendIn > 0} onClick={() => void resend()}>
            {resendIn > 0 ? t('otp.resendIn', { time: formatDuration(resendIn) }) : t('otp.resend')}
          </Button>
        </div>
      </form>
    </>
  );
}
