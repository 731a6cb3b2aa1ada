/** "3 nga 5 paguar": how much of a split bill is paid, as text and as a bar, announced politely. */
import { useTranslation } from 'react-i18next';
import { useLiveEvents } from '../live/LiveEvents.tsx';

/** The paid shares of a split request: what was loaded, or further if a live event said so. */
export function useSplitPaid(requestId: string, loadedPaid: number): number {
  const heard = useLiveEvents().splits[requestId];
  return heard && heard.paidShares > loadedPaid ? heard.paidShares : loadedPaid;
}

export function SplitProgress({ paid, count }: { readonly paid: number; readonly count: number }) {
  const { t } = useTranslation();
  const text = t('split.progress', { paid, count });
  return (
    <div className="split-progress">
      <p className="split-progress__text" aria-live="polite">
        {text}
      </p>
      <div
        className="split-progress__bar"
        role="progressbar"
        aria-label={text}
        aria-valuemin={0}
        aria-valuemax={count}
        aria-valuenow={paid}
      >
        <span style={{ width: `${(100 * paid) / count}%` }} />
      </div>
    </div>
  );
}
