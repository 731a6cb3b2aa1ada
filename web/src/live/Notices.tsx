/**
 * Visible notices that screen readers also announce (an aria-live region): a payment received,
 * a request paid, a result elsewhere on the page. Each stays a while and can be closed, and
 * belongs to one screen: it does not follow the customer to the next one.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

interface Notice {
  readonly id: number;
  readonly text: string;
  readonly tone: 'success' | 'info';
  /** The screen it is shown on. */
  readonly path: string;
}

const noticeVisibleMs = 7_000;
/** `path`: the screen the notice is for, when it is the next one (e.g. home after a delete). */
type Notify = (text: string, tone?: Notice['tone'], path?: string) => void;
const NoticeContext = createContext<Notify | undefined>(undefined);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const here = useRef(pathname);
  useEffect(() => {
    here.current = pathname;
  }, [pathname]);
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback(
    (id: number) => setNotices((current) => current.filter((notice) => notice.id !== id)),
    [],
  );
  const notify = useCallback(
    (text: string, tone: Notice['tone'] = 'info', path?: string) => {
      const id = nextId.current++;
      const notice = { id, text, tone, path: path ?? here.current };
      setNotices((current) => [...current.slice(-2), notice]);
      window.setTimeout(() => dismiss(id), noticeVisibleMs);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      <div className="notices" role="status" aria-live="polite" aria-atomic="false">
        {notices
          .filter((notice) => notice.path === pathname)
          .map((notice) => (
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
