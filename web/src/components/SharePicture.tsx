/** "Share" (the device's share sheet, with the PNG) and "Download" for a code's picture. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canShareFiles, downloadPicture, sharePicture } from '../share/share-picture.ts';
import { Button } from './Button.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Icon } from './Icon.tsx';

interface SharePictureProps {
  readonly url: string;
  readonly fileName: string;
  readonly shareText: string;
}

export function SharePictureButtons({ url, fileName, shareText }: SharePictureProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(undefined);
  const run = (action: () => Promise<unknown>) => {
    setError(undefined);
    action().catch(setError);
  };
  return (
    <>
      <div className="actions actions--row">
        {canShareFiles() ? (
          <Button
            variant="secondary"
            icon={<Icon name="share" size={20} />}
            onClick={() => run(() => sharePicture(url, fileName, 'SmartPay', shareText))}
          >
            {t('share.share')}
          </Button>
        ) : null}
        <Button
          variant="secondary"
          icon={<Icon name="download" size={20} />}
          onClick={() => run(() => downloadPicture(url, fileName))}
        >
          {t('share.download')}
        </Button>
      </div>
      <ErrorNotice error={error} />
    </>
  );
}
