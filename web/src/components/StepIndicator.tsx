/** "Step 2 of 3" of the enrollment (guide §4). */
import { useTranslation } from 'react-i18next';

export function StepIndicator({ step, total }: { readonly step: number; readonly total: number }) {
  const { t } = useTranslation();
  return (
    <div className="steps">
      <p className="steps__text">{t('steps.progress', { step, total })}</p>
      <div className="steps__bar" aria-hidden="true">
        {Array.from({ length: total }, (_, index) => (
          <span key={index} className={index < step ? 'is-done' : ''} />
        ))}
      </div>
    </div>
  );
}
