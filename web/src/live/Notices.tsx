/**
 * Visible notices that screen readers also announce (an aria-live region): a payment received,
 * a request paid, a result elsewhere on the page. Each stays a while and can be closed.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Notice {
  readonly id: number;
  readonly text: string;
  readonly tone: 'success' | 'info';
}

const noticeVisibleMs = 7_000;
const NoticeContext = createContext<((text: string, tone?: Notice['tone']) => void) | undefined>(
  undefined,
);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback(
    (id: number) => setNotices((current) => current.filter((notice) => notice.id !== id)),
    [],
  );
  const notify = useCallback(
    (text: string, tone: Notice['tone'] = 'info') => {
      const id = nextId.current++;
      setNotices((current) => [...current.slice(-2), { id, text, tone }]);
      window.setTimeout(() => dismiss(id), noticeVisibleMs);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      <div className="notices" role="status" aria-live="polite" aria-atomic="false">
        {notices.map((notice) => (
          <div key={notice.id} className={`notice notice--${notice.tone}`}>
            <span className="notice__text">{notice.text}</span>
            <button
              type="button"
              className="notice__close"
              aria-label={t('common.dismiss')}
              onClick={() => dismiss(notice.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotify() {
  const notify = useContext(NoticeContext);
  if (!notify) throw new Error('useNotify outside NoticeProvider');
  return notify;
}
