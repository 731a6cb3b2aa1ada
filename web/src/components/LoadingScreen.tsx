import { useTranslation } from 'react-i18next';

export function Loading({ label }: { readonly label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function LoadingScreen() {
  return (
    <main id="main" className="loading-screen">
      <Loading />
    </main>
  );
}
