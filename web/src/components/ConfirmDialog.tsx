/**
 * "Aprovo" to authorise a step that cannot be undone (deleting a QR account, "Anulo QR",
 * "Më harro"). A native modal
 * <dialog>: focus moves into it and stays there, Escape closes it.
 */
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

interface ConfirmDialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  /** The dismissing button, "Anulo" unless the step itself is a cancel. */
  readonly cancelLabel?: string;
  readonly busy?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) element.showModal();
    if (!props.open && element.open) element.close();
  }, [props.open]);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {props.title}
      </h2>
      <div className="dialog__body">{props.children}</div>
      <div className="dialog__actions">
        <Button variant="secondary" onClick={props.onCancel} disabled={props.busy}>
          {props.cancelLabel ?? t('common.cancel')}
        </Button>
        <Button variant="danger" onClick={props.onConfirm} busy={props.busy}>
          {props.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
