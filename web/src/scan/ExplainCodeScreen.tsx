/**
 * A code SmartPay cannot pay, explained: what it is (a Pix code from Brazil, a SEPA transfer, a
 * UPI link, a web address, text), what it says, and that SmartPay pays SmartPay codes only. It
 * never calls a foreign code "invalid": it is simply not ours.
 */
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { type ScanClassification, classifyScan } from '../../../src/qr/classify.ts';
import { DetailList } from '../components/DetailList.tsx';
import { Icon } from '../components/Icon.tsx';
import { Screen } from '../components/Screen.tsx';
import './scan-explain.css';

export function ExplainCodeScreen() {
  const { t } = useTranslation();
  const text = (useLocation().state as { text?: string } | null)?.text;
  if (text === undefined) return <Navigate to="/pay" replace />;
  const found = classifyScan(text);
  const what = found.kind === 'emvco' ? `emvco.${found.scheme ?? 'other'}` : found.kind;
  return (
    <Screen title={t('explain.title')} back="/pay" navigation>
      <section className="explain" aria-labelledby="explain-what">
        <span className="explain__icon" aria-hidden="true">
          <Icon name="qr" size={28} />
        </span>
        <h2 id="explain-what" className="explain__what">
          {t(`explain.kinds.${what}.title`)}
        </h2>
        <p>{t(`explain.kinds.${what}.text`)}</p>
        <p className="explain__cannot" role="status">
          {t('explain.cannotPay')}
        </p>
      </section>
      <DetailList rows={rowsOf(found, t)} />
      {found.kind === 'text' || found.kind === 'url' ? (
        <p className="explain__text">
          <span className="visually-hidden">{t('explain.content')}: </span>
          {text.trim().slice(0, 300)}
        </p>
      ) : null}
      <div className="actions">
        <Link className="button button--primary" to="/pay">
          {t('explain.scanAgain')}
        </Link>
        <Link className="button button--secondary" to="/pay/paste">
          {t('paste.open')}
        </Link>
      </div>
    </Screen>
  );
}

function rowsOf(found: ScanClassification, t: (key: string) => string) {
  const amount =
    found.amount !== undefined ? `${found.amount} ${found.currency ?? ''}`.trim() : undefined;
  return [
    found.payee !== undefined && { label: t('explain.payee'), value: found.payee },
    amount !== undefined && { label: t('explain.amount'), value: amount },
    found.amount === undefined &&
      found.currency !== undefined && { label: t('explain.currency'), value: found.currency },
    found.iban !== undefined && { label: 'IBAN', value: found.iban },
    found.upiAddress !== undefined && { label: t('explain.upiAddress'), value: found.upiAddress },
    found.country !== undefined && { label: t('explain.country'), value: found.country },
    found.city !== undefined && { label: t('explain.city'), value: found.city },
    found.host !== undefined && { label: t('explain.host'), value: found.host },
  ];
}
