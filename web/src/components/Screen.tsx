/**
 * One screen: a header with the way back and the title (an h1 that takes focus when the screen
 * opens, so screen readers announce where the user is), the content, and for a logged-in
 * customer the bottom navigation, or, during a task such as paying, the task's action pinned at
 * the bottom instead (one stray tap on a tab must not leave a payment half done).
 */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { BottomNavigation } from './BottomNavigation.tsx';

interface ScreenProps {
  readonly title: string;
  /** Where "back" goes; omitted on top-level screens. */
  readonly back?: string;
  readonly children: ReactNode;
  readonly navigation?: boolean;
  readonly headerAction?: ReactNode;
  readonly className?: string;
  /** A task's action (e.g. "Përfundoni Pagesën"), pinned at the bottom so it is always in reach. */
  readonly footer?: ReactNode;
}

export function Screen({
  title,
  back,
  children,
  navigation,
  headerAction,
  className,
  footer,
}: ScreenProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <div className={`screen${navigation ? ' screen--with-navigation' : ''}`}>
      <header className="screen__header">
        {back !== undefined ? (
          <button
            type="button"
            className="icon-button screen__back"
            aria-label={t('common.back')}
            onClick={() => navigate(back)}
          >
            <span aria-hidden="true">‹</span>
          </button>
        ) : (
          <span className="screen__back-placeholder" />
        )}
        <h1 className="screen__title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <div className="screen__action">{headerAction}</div>
      </header>
      <main id="main" className={`screen__content ${className ?? ''}`}>
        {children}
      </main>
      {footer ? <div className="screen__footer">{footer}</div> : null}
      {navigation && !footer ? <BottomNavigation /> : null}
    </div>
  );
}
