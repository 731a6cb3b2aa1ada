/**
 * Enrollment step 1 (guide §4): the Terms and Conditions, to be scrolled to the end before
 * "Pranoj" is enabled. Before login, acceptance travels to the login steps; a customer already
 * logged in fully joins at once (POST /api/enrollment with the terms' version).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { Screen } from '../components/Screen.tsx';
import { StepIndicator } from '../components/StepIndicator.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { afterLoginPath } from './after-login.ts';

export function TermsScreen() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const terms = useLoad('terms', api.terms);
  const [readToEnd, setReadToEnd] = useState(false);
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const scroller = useRef<HTMLDivElement>(null);

  const checkEnd = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    // A few pixels of slack: zoomed screens round scroll positions.
    if (element.scrollTop + element.clientHeight >= element.scrollHeight - 4) setReadToEnd(true);
  }, []);
  useEffect(checkEnd, [terms.data, checkEnd]);

  const signedIn = session.state.status === 'signed-in';
  const accept = async () => {
    const version = terms.data?.version;
    if (!version) return;
    if (!signedIn) {
      navigate('/login', { state: { termsVersion: version } });
      return;
    }
    setJoining(true);
    setError(undefined);
    try {
      await api.enroll(version);
      const profile = await session.refresh();
      navigate(profile ? afterLoginPath(profile) : '/', { replace: true });
    } catch (failure) {
      setError(failure);
      setJoining(false);
    }
  };

  const text = terms.data?.text[i18n.language === 'en' ? 'en' : 'sq'] ?? '';
  return (
    <Screen title={t('terms.title')} back="/">
      <StepIndicator step={1} total={3} />
      <p className="lead">{t('terms.intro')}</p>
      {terms.loading && !terms.data ? <Loading /> : null}
      <ErrorNotice error={terms.error} />
      {terms.data ? (
        <div
          ref={scroller}
          className="terms"
          tabIndex={0}
          role="document"
          aria-label={t('terms.documentLabel')}
          onScroll={checkEnd}
        >
          {text
            .split('\n\n')
            .map((paragraph, index) =>
              index === 0 ? <h2 key={index}>{paragraph}</h2> : <p key={index}>{paragraph}</p>,
            )}
          <p className="terms__version">{t('terms.version', { version: terms.data.version })}</p>
        </div>
      ) : null}
      <p className="hint" id="terms-hint" aria-live="polite">
        {readToEnd ? t('terms.readDone') : t('terms.scrollHint')}
      </p>
      <ErrorNotice error={error} />
      <div className="actions">
        <Button
          onClick={() => void accept()}
          disabled={!readToEnd || !terms.data}
          busy={joining}
          aria-describedby="terms-hint"
        >
          {t('terms.accept')}
        </Button>
      </div>
    </Screen>
  );
}
