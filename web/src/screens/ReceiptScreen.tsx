/** A payment's receipt (GET /api/payments/{id}), for the payer and the payee. */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { Screen } from '../components/Screen.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { ReceiptActions } from '../receipts/ReceiptActions.tsx';
import { RefundPanel } from '../refunds/RefundPanel.tsx';
import { ReceiptDetails } from './ReceiptDetails.tsx';

export function ReceiptScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const payment = useLoad(`payment:${id}`, () => api.payment(id));
  const back = payment.data?.direction === 'outgoing' ? '/outgoing' : '/incoming';
  return (
    <Screen title={t('receipt.title')} back={back} navigation>
      {payment.loading && !payment.data ? <Loading /> : null}
      <ErrorNotice error={payment.error} />
      {payment.data ? <ReceiptDetails payment={payment.data} /> : null}
      {payment.data ? <RefundPanel payment={payment.data} /> : null}
      {payment.data ? <ReceiptActions paymentId={payment.data.id} /> : null}
    </Screen>
  );
}
