/**
 * "A scanner that explains" (issue 14 §5): what a scanned or pasted code is. Anything that is not
 * a SmartPay code is described (Pix, PromptPay, SGQR, EPC, UPI, a web address, text) and marked
 * not payable, never "invalid". A SmartPay code is checked here as far as the payload goes (CRC
 * and the bank's MAC); whether it can still be paid is what the quote says.
 */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { isDomainError } from '../../core/errors.ts';
import { type ScanClassification, classifyScan, scanTextLengthMax } from '../../qr/classify.ts';
import { parseSmartPayPayload, payloadSettingsFromConfig } from '../../qr/index.ts';
import { guardEnrolled } from '../auth.ts';
import { problemResponses } from '../problem.ts';

const Text = Type.Optional(Type.String());
const Explanation = Type.Object({
  kind: Type.Union([
    Type.Literal('smartpay'),
    Type.Literal('emvco'),
    Type.Literal('epc'),
    Type.Literal('upi'),
    Type.Literal('url'),
    Type.Literal('text'),
    Type.Literal('empty'),
  ]),
  payable: Type.Boolean(),
  verified: Type.Boolean({
    description: 'SmartPay codes only: CRC and MAC are the bank’s (the quote checks the rest)',
  }),
  scheme: Text,
  schemeId: Text,
  payee: Text,
  amount: Text,
  currency: Text,
  country: Text,
  city: Text,
  iban: Text,
  upiAddress: Text,
  host: Text,
  checksumOk: Type.Optional(Type.Boolean()),
});

/**
 * The schema restates ScanClassification because classify.ts is bundled into the web app, which
 * must not carry TypeBox. A field the classification gains and the schema lacks would be dropped
 * from the answer without a word: this fails the typecheck instead.
 */
type FieldsTheAnswerDrops = Exclude<keyof ScanClassification, keyof Static<typeof Explanation>>;
const everyFieldAnswered: [FieldsTheAnswerDrops] extends [never] ? true : FieldsTheAnswerDrops =
  true;
void everyFieldAnswered;

export const scanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const signing = payloadSettingsFromConfig(app.deps.config);
  app.post(
    '/scan/explain',
    {
      schema: {
        tags: ['qr'],
        description:
          'Says what a scanned or pasted code is. Only SmartPay codes are payable; every other kind is described, not refused.',
        body: Type.Object({ text: Type.String({ maxLength: scanTextLengthMax }) }),
        response: { 200: Explanation, ...problemResponses() },
      },
    },
    async (request) => {
      const found = classifyScan(request.body.text, { schemeId: signing.schemeId });
      if (found.kind !== 'smartpay') return { ...found, verified: false };
      const verified = isOurs(request.body.text.trim(), signing);
      return { ...found, payable: verified, verified };
    },
  );
};

function isOurs(text: string, signing: ReturnType<typeof payloadSettingsFromConfig>): boolean {
  try {
    parseSmartPayPayload(text, signing);
    return true;
  } catch (error) {
    if (isDomainError(error, 'QR_INVALID')) return false;
    throw error;
  }
}
