/** The Terms and Conditions of SmartPay, versioned: acceptance is recorded with the version. */
import { Type, type Static } from 'typebox';

/** GET /api/terms: the schema of the route and the type the web app reads. */
export const TermsSchema = Type.Object({
  version: Type.String(),
  text: Type.Object({ sq: Type.String(), en: Type.String() }),
});
export type Terms = Static<typeof TermsSchema>;

export const currentTerms: Terms = Object.freeze({
  // 2026-12-01: amounts written as the app writes them (8.000,00 EUR), nothing else changed.
  version: '2026-12-01',
  text: {
    sq: [
      'Kushtet dhe Afatet e shërbimit QR SmartPay',
      '1. SmartPay transferon para me kod QR ndërmjet llogarive individuale në bankë.',
      '2. Dërguesi dhe marrësi duhet të jenë klientë të bankës dhe të kenë hapur llogari QR.',
      '3. Kufijtë: me kyçje të pjesshme deri në 100,00 EUR për transaksion, 100,00 EUR në ditë dhe 3 transaksione në ditë; me kyçje të plotë deri në 8.000,00 EUR për transaksion dhe 16.000,00 EUR në ditë.',
      '4. Tarifa e transaksionit është sipas tarifave aktuale të bankës për shërbimet elektronike; hapja është falas.',
      '5. Kodi QR me shumë të caktuar vlen për një kohë të kufizuar dhe mund të paguhet vetëm një herë.',
      '6. Ruani fjalëkalimin dhe pajisjen tuaj; mos ia tregoni askujt kodin e SMS-it.',
      '7. Pagesat e konfirmuara janë të menjëhershme dhe nuk mund të anulohen.',
    ].join('\n\n'),
    en: [
      'Terms and Conditions of the QR SmartPay service',
      '1. SmartPay moves money by QR code between individual accounts at the bank.',
      '2. Payer and payee must be customers of the bank and have opened a QR account.',
      '3. Limits: with partial login up to 100.00 EUR per payment, 100.00 EUR per day and 3 payments per day; with full login up to 8,000.00 EUR per payment and 16,000.00 EUR per day.',
      "4. Each payment pays the bank's current e-banking tariff; joining is free.",
      '5. A QR code with a set amount is valid for a limited time and can be paid only once.',
      '6. Keep your password and device safe; never share the SMS code with anyone.',
      '7. Confirmed payments are instant and cannot be reversed.',
    ].join('\n\n'),
  },
});
