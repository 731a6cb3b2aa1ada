/** A refusal or failure, in words that tell the user what to do; read out at once (role=alert). */
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/error-message.ts';

export function ErrorNotice({ error }: { readonly error: unknown }) {
  const { t, i18n } = useTranslation();
  if (error === undefined || error === null) return null;
  return (
    <div className="alert alert--error" role="alert">
      {errorMessage(t, error, i18n.language)}
    </div>
  );
}

export function InfoNotice({ children }: { readonly children: string }) {
  return <div className="alert alert--info">{children}</div>;
}
