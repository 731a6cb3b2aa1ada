/** The payer's held payments (cooling-off) above the sent payments: waiting ones and refusals. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatDateTime } from '../components/format.ts';
import { MoneyText } from '../components/MoneyText.tsx';
import { useLoad } from '../hooks/useLoad.ts';

export function HeldPayments({ version }: { readonly version: number }) {
  const { t } = useTranslation();
  const holds = useLoad(`holds:${version}`, api.holds);
  const shown = holds.data?.items.filter((h) => h.status === 'held' || h.status === 'refused');
  if (!shown?.length) return <ErrorNotice error={holds.error} />;
  return (
    <section aria-labelledby="holds-title">
      <h2 id="holds-title" className="section-title">
        {t('hold.listTitle')}
      </h2>
      <ul className="list" aria-labelledby="holds-title">
        {shown.map((hold) => (
          <li key={hold.id} className="list-row">
            <Link to={`/pay/held/${hold.id}`} className="list-row__link">
              <span className="list-row__main">
                <span className="list-row__title">
                  {t('payments.to', { name: hold.payee.name })}
                </span>
                <span className="list-row__detail">
                  {hold.status === 'held'
                    ? t('hold.waitsUntil', { time: formatDateTime(hold.releaseAt) })
                    : t('hold.status.refused')}
                </span>
              </span>
              <MoneyText
                className="list-row__amount"
                amount={hold.amount}
                currency={hold.currency}
              />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
