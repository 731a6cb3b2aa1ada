/**
 * A payment held by the payer's cooling-off (issue 14 §2): when it will be sent, that no money
 * has moved yet, and "Anulo" (with a confirmation) while it is still held. Afterwards the
 * outcome: sent (with its receipt), cancelled, or refused at its time and why (no money moved).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { PaymentHold } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { DetailList } from '../components/DetailList.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime } from '../components/format.ts';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText, useMoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';
import { refusalReason } from './hold-texts.ts';

export function HeldPaymentScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const given = (location.state as { hold?: PaymentHold } | null)?.hold;
  // A live hold.decided bumps the version: the hold is read again, released or refused.
  const { version } = useLiveEvents();
  const loaded = useLoad(`hold:${id}:${version}`, () =>
    given?.id === id && version === 0 ? Promise.resolve(given) : api.hold(id),
  );
  const [changed, setChanged] = useState<PaymentHold | undefined>(undefined);
  const hold = changed ?? loaded.data;
  return (
    <Screen title={t('hold.title')} back="/outgoing" navigation>
      {loaded.loading && !hold ? <Loading /> : null}
      <ErrorNotice error={loaded.error} />
      {hold ? <HoldDetails hold={hold} onChanged={setChanged} /> : null}
    </Screen>
  );
}

function HoldDetails({
  hold,
  onChanged,
}: {
  readonly hold: PaymentHold;
  readonly onChanged: (hold: PaymentHold) => void;
}) {
  const { t } = useTranslation();
  const money = useMoneyText();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const what = { amount: money(hold.amount, hold.currency), name: hold.payee.name };
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await api.cancelHold(hold.id));
      setConfirming(false);
    } catch (failure) {
      setError(failure);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className={`hold-status hold-status--${hold.status}`} role="status">
        <p className="hold-status__title">{t(`hold.status.${hold.status}`)}</p>
        <p>
          {hold.status === 'held'
            ? t('hold.heldText', { ...what, time: formatDateTime(hold.releaseAt) })
            : hold.status === 'released'
              ? t('hold.releasedText', what)
              : hold.status === 'cancelled'
                ? t('hold.cancelledText', what)
                : t('hold.refusedText', { ...what, reason: refusalReason(t, hold.refusalCode) })}
        </p>
      </div>
      <DetailList
        rows={[
          { label: t('confirm.payee'), value: hold.payee.name },
          {
            label: t('hold.amount'),
            value: <MoneyText amount={hold.amount} currency={hold.currency} />,
          },
          { label: t('confirm.fee'), value: <MoneyText {...hold.fee} /> },
          { label: t('confirm.debit'), value: <MoneyText {...hold.debit} />, emphasis: true },
          { label: t('hold.heldAt'), value: formatDateTime(hold.createdAt) },
          { label: t('hold.releaseAt'), value: formatDateTime(hold.releaseAt) },
        ]}
      />
      <ErrorNotice error={error} />
      <div className="actions">
        {hold.status === 'held' ? (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            {t('hold.cancel')}
          </Button>
        ) : null}
        {hold.paymentId ? (
          <Link className="button button--primary" to={`/payments/${hold.paymentId}`}>
            {t('hold.receipt')}
          </Link>
        ) : null}
        <Link className="button button--secondary" to="/home">
          {t('success.done')}
        </Link>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('hold.cancelTitle')}
        confirmLabel={t('hold.cancelConfirm')}
        cancelLabel={t('hold.keep')}
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void cancel()}
      >
        <p>{t('hold.cancelText', what)}</p>
      </ConfirmDialog>
    </>
  );
}
