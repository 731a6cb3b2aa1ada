/**
 * One QR account: its account code to be scanned or shared, "Specifikoni Shumën", and
 * "Fshij Llogarinë" → "Aprovo" (guide §7.3), after which every code of it is refused.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, cardUrls, pictureUrls } from '../api/endpoints.ts';
import { Button } from '../components/Button.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { DetailList } from '../components/DetailList.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatIban } from '../components/format.ts';
import { Icon } from '../components/Icon.tsx';
import { Loading } from '../components/LoadingScreen.tsx';
import { MoneyText } from '../components/MoneyText.tsx';
import { QrPicture } from '../components/QrPicture.tsx';
import { Screen } from '../components/Screen.tsx';
import { SharePictureButtons } from '../components/SharePicture.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { useLiveEvents } from '../live/LiveEvents.tsx';
import { useNotify } from '../live/Notices.tsx';

export function QrAccountScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const notify = useNotify();
  const { i18n } = useTranslation();
  const live = useLiveEvents();
  // A payment received changes the balance: read the account again on every live event.
  const account = useLoad(`qr-account:${id}:${live.version}`, () => api.qrAccount(id));
  const bank = useLoad(`bank-accounts:${live.version}`, api.bankAccounts);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const remove = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await api.deleteQrAccount(id);
      notify(t('accounts.deleted'), 'success', '/home');
      navigate('/home', { replace: true });
    } catch (failure) {
      setError(failure);
      setDeleting(false);
      setConfirming(false);
    }
  };

  const data = account.data;
  const available = bank.data?.find((b) => b.id === data?.bankAccountId)?.available;
  return (
    <Screen title={t('accounts.detailTitle')} back="/home" navigation>
      {account.loading && !data ? <Loading /> : null}
      <ErrorNotice error={account.error} />
      {data ? (
        <>
          <section className="code-panel" aria-labelledby="account-code-title">
            <h2 id="account-code-title" className="section-title">
              {t('accounts.codeTitle', { currency: data.currency })}
            </h2>
            <QrPicture
              src={pictureUrls.accountCode(data.id)}
              alt={t('accounts.codeAlt', { name: data.payeeName })}
            />
            <p className="hint center">{t('accounts.codeHint')}</p>
            <SharePictureButtons
              url={cardUrls.accountCode(data.id, i18n.language)}
              fileName={`smartpay-${data.currency.toLowerCase()}.png`}
              shareText={t('share.accountText', { name: data.payeeName })}
            />
          </section>
          <DetailList
            rows={[
              { label: t('accounts.holder'), value: data.payeeName },
              { label: t('accounts.iban'), value: formatIban(data.iban) },
              {
                label: t('accounts.balance'),
                value: <MoneyText amount={data.balance} currency={data.currency} />,
              },
              available
                ? {
                    label: t('accounts.available'),
                    value: <MoneyText amount={available} currency={data.currency} />,
                  }
                : false,
            ]}
          />
          <p className="hint">{t('accounts.availableExplain')}</p>
          <div className="actions">
            <Link className="button button--primary" to={`/requests/new?account=${data.id}`}>
              <Icon name="amount" size={20} />
              <span>{t('home.specifyAmount')}</span>
            </Link>
            <ErrorNotice error={error} />
            <Button variant="danger" onClick={() => setConfirming(true)}>
              {t('accounts.delete')}
            </Button>
          </div>
          <ConfirmDialog
            open={confirming}
            title={t('accounts.deleteTitle')}
            confirmLabel={t('accounts.deleteApprove')}
            busy={deleting}
            onConfirm={() => void remove()}
            onCancel={() => setConfirming(false)}
          >
            <p>
              {t('accounts.deleteExplain', {
                currency: data.currency,
                iban: formatIban(data.iban),
              })}
            </p>
          </ConfirmDialog>
        </>
      ) : null}
    </Screen>
  );
}
