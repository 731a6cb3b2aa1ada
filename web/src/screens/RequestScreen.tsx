/**
 * One payment request: its code to scan or share while open, the time left, and "Anulo QR"
 * (guide §7.1); once cancelled, expired or paid the code is greyed out and marked. Turns to paid
 * live when the payer pays.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, cardUrls, pictureUrls } from '../api/endpoints.ts';
import type { PaymentRequest } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { DetailList } from '../components/DetailList.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime } from '../components/format.ts';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { QrPicture } from '../components/QrPicture.tsx';
import { Screen } from '../components/Screen.tsx';
import { SharePictureButtons } from '../components/SharePicture.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDuration, useCountdown } from '../hooks/useCountdown.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';
import { useNotify } from '../live/Notices.tsx';
import { displayAmount } from '../money/amount.ts';

export function RequestScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const live = useLiveEvents();
  const paidNow = live.last?.type === 'request.paid' && live.last.data.requestId === id;
  const request = useLoad(`request:${id}:${paidNow ? live.version : 0}`, () => api.request(id));
  // The answer of "Anulo QR" shows at once, without waiting for a reload.
  const [changed, setChanged] = useState<PaymentRequest | undefined>(undefined);
  const current = changed ?? request.data;
  return (
    <Screen title={t('request.title')} back="/requests" navigation>
      {request.loading && !current ? <Loading /> : null}
      <ErrorNotice error={request.error} />
      {current ? <RequestDetails request={current} onChange={setChanged} /> : null}
    </Screen>
  );
}

function RequestDetails({
  request,
  onChange,
}: {
  readonly request: PaymentRequest;
  readonly onChange: (request: PaymentRequest) => void;
}) {
  const { t } = useTranslation();
  const secondsLeft = useCountdown(request.status === 'open' ? request.expiresAt : undefined);
  const { i18n } = useTranslation();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const open = request.status === 'open' && secondsLeft !== 0;
  const money = `${displayAmount(request.amount, i18n.language)} ${request.currency}`;

  const cancel = async () => {
    setCancelling(true);
    setError(undefined);
    try {
      onChange(await api.cancelRequest(request.id));
      notify(t('request.cancelledNotice'), 'success');
    } catch (failure) {
      setError(failure);
    } finally {
      setCancelling(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <section
        className={`code-panel${open ? '' : ' code-panel--inactive'}`}
        aria-labelledby="request-amount"
      >
        <p className="code-panel__amount" id="request-amount">
          <MoneyText amount={request.amount} currency={request.currency} />
        </p>
        <p className="code-panel__status" role="status">
          <StatusBadge status={request.status} />
          {open && secondsLeft !== undefined ? (
            <span className="countdown">
              {t('request.expiresIn', { time: formatDuration(secondsLeft) })}
            </span>
          ) : null}
        </p>
        <QrPicture
          src={pictureUrls.request(request.id)}
          alt={t('request.codeAlt', { amount: request.amount, currency: request.currency })}
          inactive={!open}
        />
        {request.status === 'closed' ? (
          <p className="stamp stamp--paid">{t('status.closed')}</p>
        ) : null}
        {request.status === 'cancelled' ? <p className="stamp">{t('status.cancelled')}</p> : null}
        {request.status === 'expired' ? <p className="stamp">{t('status.expired')}</p> : null}
        {open ? (
          <SharePictureButtons
            url={cardUrls.request(request.id, i18n.language)}
            fileName={`smartpay-${request.amount}-${request.currency.toLowerCase()}.png`}
            shareText={t('share.requestText', { money })}
          />
        ) : null}
      </section>
      <DetailList
        rows={[
          request.note ? { label: t('request.noteLabel'), value: request.note } : false,
          { label: t('request.created'), value: formatDateTime(request.createdAt) },
          request.status === 'open'
            ? { label: t('request.expires'), value: formatDateTime(request.expiresAt) }
            : false,
          request.closedAt
            ? { label: t('request.paidAt'), value: formatDateTime(request.closedAt) }
            : false,
          request.cancelledAt
            ? { label: t('request.cancelledAt'), value: formatDateTime(request.cancelledAt) }
            : false,
        ]}
      />
      <ErrorNotice error={error} />
      <div className="actions">
        {request.status === 'open' ? (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            {t('request.cancel')}
          </Button>
        ) : null}
        {request.paidByPaymentId ? (
          <Link className="button button--secondary" to={`/payments/${request.paidByPaymentId}`}>
            {t('request.viewPayment')}
          </Link>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('request.cancelTitle')}
        confirmLabel={t('request.cancelApprove')}
        busy={cancelling}
        onConfirm={() => void cancel()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('request.cancelExplain', { money })}</p>
      </ConfirmDialog>
    </>
  );
}
