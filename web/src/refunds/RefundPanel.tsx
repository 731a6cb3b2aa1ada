/**
 * Refunds on a payment's receipt: both ways of the link ("Kthyer 5,00 nga 12,50"), the
 * payment's refunds and refund requests; for the payee "Kthe pagesën" and the answer to a
 * request; for the payer "Kërko kthimin" with a short reason.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { Payment, RefundRequest } from '../api/types.ts';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime } from '../components/format.ts';
import { MoneyText } from '../components/MoneyText.tsx';
import { TextField } from '../components/TextField.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';
import { useRefundText } from './RefundLine.tsx';

const reasonLengthMax = 140;

export function RefundPanel({ payment }: { readonly payment: Payment }) {
  const { t } = useTranslation();
  const live = useLiveEvents();
  const refundText = useRefundText();
  const isRefund = payment.kind === 'refund';
  const links = useLoad(`refunds:${payment.id}:${live.version}`, () =>
    isRefund ? Promise.resolve({ refunds: [], requests: [] }) : api.refundsOf(payment.id),
  );
  const requests = links.data?.requests ?? [];
  const open = requests.find((r) => r.status === 'open');
  const incoming = payment.direction === 'incoming';
  return (
    <section className="refunds" aria-label={t('refund.section')}>
      {payment.refundOf ? (
        <p className="refunds__link">
          <Link to={`/payments/${payment.refundOf.paymentId}`}>{refundText(payment.refundOf)}</Link>
        </p>
      ) : null}
      {payment.refunded ? <p className="refunds__link">{refundText(payment.refunded)}</p> : null}
      {links.data && links.data.refunds.length > 0 ? (
        <ul className="list" aria-label={t('refund.refunds')}>
          {links.data.refunds.map((refund) => (
            <li key={refund.id} className="list-row">
              <Link to={`/payments/${refund.id}`} className="list-row__link">
                <span className="list-row__main">
                  <span className="list-row__title">
                    {refund.refundOf ? refundText(refund.refundOf) : t('refund.refunds')}
                  </span>
                  <span className="list-row__detail">{formatDateTime(refund.createdAt)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={links.error} />
      {requests.map((request) => (
        <RequestItem
          key={request.id}
          request={request}
          answerable={!incoming ? false : request.status === 'open'}
          onAnswered={links.reload}
        />
      ))}
      {incoming && payment.refundable ? (
        <div className="actions">
          <Link
            className="button button--secondary"
            to={`/payments/${payment.id}/refund`}
            state={{ amount: payment.refundable.amount }}
          >
            {t('refund.start')}
          </Link>
        </div>
      ) : null}
      {!incoming && !isRefund && !open && !fullyRefunded(payment) ? (
        <AskRefund payment={payment} onAsked={links.reload} />
      ) : null}
    </section>
  );
}

function fullyRefunded(payment: Payment): boolean {
  return payment.refunded !== null && payment.refunded.amount === payment.refunded.of;
}

function RequestItem({
  request,
  answerable,
  onAnswered,
}: {
  readonly request: RefundRequest;
  readonly answerable: boolean;
  readonly onAnswered: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<'accept' | 'decline' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const answer = (choice: 'accept' | 'decline') => {
    setBusy(choice);
    setError(undefined);
    api.answerRefundRequest(request.id, choice).then(
      (answered) => {
        setBusy(undefined);
        if (answered.quote)
          navigate(`/payments/${request.paymentId}/refund`, {
            state: { amount: request.amount, quote: answered.quote },
          });
        else onAnswered();
      },
      (failure: unknown) => {
        setBusy(undefined);
        setError(failure);
      },
    );
  };
  return (
    <div className="refund-request" role="group" aria-label={t('refund.requestTitle')}>
      <p className="refund-request__title">
        {t('refund.requestTitle')}:{' '}
        <MoneyText amount={request.amount} currency={request.currency} />
      </p>
      <p className="refund-request__reason">“{request.reason}”</p>
      <p className="hint">{t(`refund.status.${request.status}`)}</p>
      {answerable ? (
        <div className="actions">
          <Button
            onClick={() => answer('accept')}
            busy={busy === 'accept'}
            disabled={busy !== undefined}
          >
            {t('refund.accept')}
          </Button>
          <Button
            variant="secondary"
            onClick={() => answer('decline')}
            busy={busy === 'decline'}
            disabled={busy !== undefined}
          >
            {t('refund.decline')}
          </Button>
        </div>
      ) : null}
      <ErrorNotice error={error} />
    </div>
  );
}

function AskRefund({
  payment,
  onAsked,
}: {
  readonly payment: Payment;
  readonly onAsked: () => void;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [touched, setTouched] = useState(false);
  if (!asking)
    return (
      <div className="actions">
        <Button variant="secondary" onClick={() => setAsking(true)}>
          {t('refund.ask')}
        </Button>
      </div>
    );
  const empty = reason.trim().length === 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (empty) return;
    setBusy(true);
    setError(undefined);
    api.askRefund(payment.id, reason.trim(), undefined).then(
      () => {
        setBusy(false);
        setAsking(false);
        onAsked();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label={t('refund.reason')}
        hint={t('refund.reasonHint', { count: reasonLengthMax })}
        name="reason"
        maxLength={reasonLengthMax}
        autoComplete="off"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={touched && empty ? t('refund.reasonMissing') : undefined}
      />
      <ErrorNotice error={error} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t('refund.send')}
        </Button>
      </div>
    </form>
  );
}
