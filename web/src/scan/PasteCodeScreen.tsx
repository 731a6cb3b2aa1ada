/**
 * "Paste code": the payload text of a code copied from a message, for when there is no picture
 * to scan. A SmartPay code goes on to the confirmation screen; anything else is explained.
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { scanTextLengthMax } from '../../../src/qr/classify.ts';
import { Button } from '../components/Button.tsx';
import { Screen } from '../components/Screen.tsx';
import { routeScanned } from './route-scanned.ts';
import './scan-explain.css';

export function PasteCodeScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setMissing(true);
      return;
    }
    routeScanned(navigate, text);
  };
  return (
    <Screen title={t('paste.title')} back="/pay" navigation>
      <form className="paste" onSubmit={submit} noValidate>
        <div className={`field${missing ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={id}>
            {t('paste.label')}
          </label>
          <textarea
            id={id}
            className="field__input paste__input"
            rows={6}
            maxLength={scanTextLengthMax}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={text}
            aria-invalid={missing || undefined}
            aria-describedby={`${id}-hint${missing ? ` ${id}-error` : ''}`}
            onChange={(event) => {
              setText(event.target.value);
              setMissing(false);
            }}
          />
          <p className="field__hint" id={`${id}-hint`}>
            {t('paste.hint')}
          </p>
          {missing ? (
            <p className="field__error" id={`${id}-error`} role="alert">
              {t('paste.missing')}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <Button type="submit">{t('common.continue')}</Button>
        </div>
      </form>
    </Screen>
  );
}
