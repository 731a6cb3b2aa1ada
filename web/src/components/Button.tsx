/** The app's buttons: one look per purpose; `busy` keeps a double tap from sending twice. */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  readonly busy?: boolean;
  readonly icon?: ReactNode;
}

export function Button({
  variant = 'primary',
  busy = false,
  icon,
  children,
  disabled,
  type = 'button',
  className,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={`button button--${variant} ${className ?? ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy ? <span className="spinner spinner--small" aria-hidden="true" /> : icon}
      <span>{children}</span>
    </button>
  );
}
