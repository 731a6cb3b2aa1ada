/**
 * Cooling-off in the profile (issue 14 §2): the customer chooses an amount and a delay; a first
 * payment to a payee above that amount then waits that long, and can be cancelled meanwhile.
 * Changed only in a full session, like SmartOTP.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints.ts';
import type { Profile } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { TextField } from '../components/TextField.tsx';
import { displayAmount, parseAmountInput } from '../money/amount.ts';
import { useSession } from '../session/SessionProvider.tsx';

export const delayChoices = [15, 30, 60, 120, 240, 1440] as const;

export function CoolingOffSection({ profile }: { readonly profile: Profile }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const setting = profile.coolingOff;
  const partial = profile.level === 'partial';
  const delayId = useId();
  const [threshold, setThreshold] = useState(() =>
    setting.threshold ? displayAmount(setting.threshold.amount, i18n.language) : '50',
  );
  const [delay, setDelay] = useState(String(setting.delayMinutes ?? 30));
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const save = async (enabled: boolean) => {
    setError(undefined);
    setSaved(false);
    const parsed = parseAmountInput(threshold, 'EUR');
    if (enabled && !parsed.ok) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    try {
      await api.setCoolingOff(
        enabled && parsed.ok
          ? { enabled, threshold: parsed.amount, delayMinutes: Number(delay) }
          : { enabled: false },
      );
      await session.refresh();
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="cooling-off-title">
      <h2 id="cooling-off-title" className="section-title">
        {t('coolingOff.title')}
      </h2>
      <p className="hint">{t('coolingOff.explain')}</p>
      <p role="status">
        {setting.enabled && setting.threshold && setting.delayMinutes
          ? t('coolingOff.current', {
              amount: `${displayAmount(setting.threshold.amount, i18n.language)} EUR`,
              delay: t('coolingOff.minutes', { count: setting.delayMinutes }),
            })
          : t('coolingOff.off')}
      </p>
      <TextField
        label={t('coolingOff.threshold')}
        inputMode="decimal"
        autoComplete="off"
        suffix="EUR"
        value={threshold}
        disabled={partial || busy}
        error={invalid ? t('coolingOff.thresholdInvalid') : undefined}
        onChange={(event) => setThreshold(event.target.value)}
      />
      <div className="field">
        <label className="field__label" htmlFor={delayId}>
          {t('coolingOff.delay')}
        </label>
        <select
          id={delayId}
          className="field__input"
          value={delay}
          disabled={partial || busy}
          onChange={(event) => setDelay(event.target.value)}
        >
          {delayChoices.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {t('coolingOff.minutes', { count: minutes })}
            </option>
          ))}
        </select>
      </div>
      {partial ? <p className="hint">{t('coolingOff.partialReason')}</p> : null}
      <ErrorNotice error={error} />
      {saved ? <p className="hint">{t('coolingOff.saved')}</p> : null}
      <div className="actions">
        <Button onClick={() => void save(true)} busy={busy} disabled={partial}>
          {t('coolingOff.save')}
        </Button>
        {setting.enabled ? (
          <Button variant="secondary" onClick={() => void save(false)} disabled={partial || busy}>
            {t('coolingOff.turnOff')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
