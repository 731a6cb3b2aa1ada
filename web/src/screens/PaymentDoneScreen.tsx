/** The last screen of a payment (guide §6): it succeeded, announced to screen readers, with the receipt. */
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import type { Payment } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { useMoneyText } from '../components/MoneyText.tsx';
import { Screen } from '../components/Screen.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { ReceiptActions } from '../receipts/ReceiptActions.tsx';
import { ReceiptDetails } from './ReceiptDetails.tsx';
import { SplitProgress, useSplitPaid } from '../components/SplitProgress.tsx';

export function PaymentDoneScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const money = useMoneyText();
  const given = (location.state as { payment?: Payment } | null)?.payment;
  const loaded = useLoad(`payment:${id}`, () => (given ? Promise.resolve(given) : api.payment(id)));
  const payment = loaded.data;
  return (
    <Screen title={t('success.title')} navigation>
      {loaded.loading && !payment ? <Loading /> : null}
      <ErrorNotice error={loaded.error} />
      {payment ? (
        <>
          <div className="success" role="status">
            <span className="success__icon" aria-hidden="true">
              <Icon name="check" size={40} />
            </span>
            <p className="success__text">
              {t('success.announce', {
                amount: money(payment.amount, payment.currency),
                name: payment.counterparty.name,
              })}
            </p>
          </div>
          {payment.share && payment.requestId ? (
            <PaidShare
              requestId={payment.requestId}
              number={payment.share.number}
              count={payment.share.count}
            />
          ) : null}
          <ReceiptDetails payment={payment} />
          <ReceiptActions paymentId={payment.id} />
          <div className="actions">
            <Link className="button button--primary" to="/home">
              {t('success.done')}
            </Link>
            <Link className="button button--secondary" to="/outgoing">
              {t('success.allPayments')}
            </Link>
          </div>
        </>
      ) : null}
    </Screen>
  );
}

/**
 * "Pjesa 2 nga 5" and the bill's progress, live: when this share was claimed exactly `number`
 * shares were paid; later shares arrive as events.
 */
function PaidShare(props: {
  readonly requestId: string;
  readonly number: number;
  readonly count: number;
}) {
  const { t } = useTranslation();
  const paid = useSplitPaid(props.requestId, props.number);
  return (
    <section className="code-panel" aria-label={t('split.title')}>
      <p className="split-share">
        {t('split.shareOf', { number: props.number, count: props.count })}
      </p>
      <SplitProgress paid={paid} count={props.count} />
    </section>
  );
}
