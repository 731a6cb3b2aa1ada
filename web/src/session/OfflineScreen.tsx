/**
 * The bank cannot be reached (no network, or the server is down) when the app starts: the
 * session is not ended, the customer is told and can try again.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button.tsx';
import { Icon } from '../components/Icon.tsx';
import { useSession } from './SessionProvider.tsx';

export function OfflineScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    await session.refresh();
    setBusy(false);
  };
  return (
    <main id="main" className="offline">
      <span className="empty__icon">
        <Icon name="offline" size={32} />
      </span>
      <h1 className="section-title">{t('offline.title')}</h1>
      <p>{t('offline.text')}</p>
      <Button busy={busy} onClick={() => void retry()}>
        {t('offline.retry')}
      </Button>
    </main>
  );
}
