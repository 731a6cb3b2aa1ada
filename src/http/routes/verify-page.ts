/**
 * `GET /verify/{reference}`: the public page a receipt's QR code opens. No login, no script: it
 * says whether the receipt is genuine and, if so, shows exactly the lines the receipt shows. A
 * tampered or unknown receipt is refused in plain words (and with a 4xx status for tools).
 * Albanian by default, English by `?lang=en` or the browser's language.
 */
import { createHash } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type ReceiptVerdict,
  checkReceiptByReference,
  receiptLines,
  receiptSignerFor,
} from '../../receipts/index.ts';

type Language = 'sq' | 'en';

const words = {
  sq: {
    title: 'Verifikimi i dëshmisë',
    genuine: 'Dëshmi e vërtetë',
    genuineText:
      'Kjo dëshmi është lëshuar nga SmartPay, është nënshkruar nga banka dhe përputhet me të dhënat e saj.',
    notFound: 'Dëshmi e panjohur',
    notFoundText:
      'Nuk ka asnjë dëshmi me këtë referencë. Kontrolloni referencën ose mos e pranoni dëshminë.',
    notGenuine: 'Dëshmi jo e vërtetë',
    notGenuineText:
      'Kjo dëshmi nuk përputhet me nënshkrimin ose me të dhënat e bankës. Mos e pranoni.',
    compare: 'Krahasoni këto të dhëna me dëshminë që ju tregohet.',
    other: 'English',
  },
  en: {
    title: 'Receipt verification',
    genuine: 'Genuine receipt',
    genuineText:
      "This receipt was issued by SmartPay, is signed by the bank and matches the bank's record.",
    notFound: 'Unknown receipt',
    notFoundText:
      'There is no receipt with this reference. Check the reference, or do not accept the receipt.',
    notGenuine: 'Receipt not genuine',
    notGenuineText:
      "This receipt does not match its signature or the bank's record. Do not accept it.",
    compare: 'Compare these details with the receipt you are shown.',
    other: 'Shqip',
  },
} as const;

const style = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1a1f29}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1rem}
.brand{color:#005999;font-weight:700;font-size:1.5rem;margin:0}
.verdict{border-radius:.75rem;padding:1rem;margin:1rem 0;background:#fff;border:2px solid}
.ok{border-color:#1b7f3b}.bad{border-color:#b3261e}
.verdict h2{margin:0 0 .5rem;font-size:1.25rem}.ok h2{color:#1b7f3b}.bad h2{color:#b3261e}
dl{background:#fff;border-radius:.75rem;padding:.5rem 1rem;margin:0}
dl div{display:flex;justify-content:space-between;gap:1rem;padding:.5rem 0;border-bottom:1px solid #e3e7ee}
dl div:last-child{border-bottom:0}dt{color:#4d5666}dd{margin:0;font-weight:600;text-align:right}
a{color:#005999}`;
const styleHash = createHash('sha256').update(style).digest('base64');
const pageCsp = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const verifyPageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.deps;
  const signer = receiptSignerFor(config);
  app.get(
    '/verify/:reference',
    {
      schema: {
        hide: true,
        params: Type.Object({ reference: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }),
      },
    },
    async (request, reply) => {
      const language = languageOf(request.query.lang, request.headers['accept-language']);
      const verdict = await checkReceiptByReference(database.db, signer, request.params.reference);
      const status = verdict.genuine ? 200 : verdict.reason === 'not-found' ? 404 : 422;
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', pageCsp)
        .header('cache-control', 'no-store')
        .send(page(language, verdict, request.params.reference));
    },
  );
};

function languageOf(query: string | undefined, acceptLanguage: string | undefined): Language {
  if (query === 'en' || query === 'sq') return query;
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'sq';
}

function page(language: Language, verdict: ReceiptVerdict, reference: string): string {
  const t = words[language];
  const other: Language = language === 'sq' ? 'en' : 'sq';
  let body: string;
  if (verdict.genuine) {
    const rows = receiptLines(verdict.receipt.fields)
      .map(
        (line) =>
          `<div><dt>${escapeHtml(line[language])}</dt><dd>${escapeHtml(line.value)}</dd></div>`,
      )
      .join('');
    body =
      `<section class="verdict ok" role="status"><h2>✓ ${t.genuine}</h2><p>${t.genuineText}</p></section>` +
      `<p>${t.compare}</p><dl>${rows}</dl>`;
  } else {
    const [heading, text] =
      verdict.reason === 'not-found'
        ? [t.notFound, t.notFoundText]
        : [t.notGenuine, t.notGenuineText];
    body = `<section class="verdict bad" role="alert"><h2>✗ ${heading}</h2><p>${text}</p></section>`;
  }
  const href = `?lang=${other}`;
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>SmartPay · ${t.title}</title><style>${style}</style></head>
<body><main><p class="brand">SmartPay</p><h1>${t.title}</h1>${body}
<p><a href="${escapeHtml(href)}" lang="${other}">${t.other}</a></p></main>
<!-- reference ${escapeHtml(reference.slice(0, 64))} --></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
