/**
 * "Ndaje faturën" on three phones at 360 × 640, in Albanian and in English: the payee splits
 * 10.00 into 3 shares, two payers scan the same code and pay one share each (3.34, then 3.33),
 * the confirmation says which share ("Pjesa 1 nga 3"), and the payee's request and the first
 * payer's receipt show "2 nga 3 paguar" live. The screens pass axe-core; tap targets are 44 px.
 */
import type { Locator } from '@playwright/test';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { type Language, label } from './pages/labels.ts';
import { customerWithMoney } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

function says(language: Language, key: string, values: Record<string, string | number>): string {
  return Object.entries(values).reduce(
    (text, [name, value]) => text.replace(`{{${name}}}`, String(value)),
    label(language, key),
  );
}

async function expectTapTarget(target: Locator): Promise<void> {
  const box = await target.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
}

const bills = {
  sq: {
    total: '10,00',
    first: '3,34',
    share: '3,33',
    names: ['Agim Berisha', 'Blerta Dema', 'Cen Elezi'],
  },
  en: {
    total: '10.00',
    first: '3.34',
    share: '3.33',
    names: ['Dafina Fejza', 'Edon Gjoka', 'Flaka Hysa'],
  },
} as const;

for (const language of ['sq', 'en'] as const) {
  test(`a split bill is paid share by share by two payers, with live progress (${language})`, async ({
    server,
    openPhone,
  }) => {
    test.slow();
    const bill = bills[language];
    const [payeeCustomer, firstCustomer, secondCustomer] = await Promise.all(
      bill.names.map((name) => customerWithMoney(server.database.db, { name, balance: 500_000n })),
    );
    const payee = await SmartPayPhone.open(server, openPhone, language);
    const first = await SmartPayPhone.open(server, openPhone, language);
    const second = await SmartPayPhone.open(server, openPhone, language);

    const accountId = await payee.enrollAndOpenQrAccount(payeeCustomer!);
    await payee.openQrAccount(accountId);
    await payee.link('home.specifyAmount').click();
    const option = payee.page.getByRole('checkbox', { name: payee.text('split.option') });
    await expectTapTarget(payee.page.locator('.check-row'));
    await option.check();
    await expectTapTarget(payee.page.getByLabel(payee.text('split.shares')));
    await expectAccessible(payee.page, `split option (${language})`);
    await saveScreen(payee.page, `30-split-option-${language}`);
    const requestId = await payee.createSplitRequest(accountId, bill.total, 3);
    const progress = (paid: number) => says(language, 'split.progress', { paid, count: 3 });
    await expect(payee.page.getByText(progress(0), { exact: true })).toBeVisible();
    await expect(
      payee.page.getByText(
        says(language, 'split.shareFirst', {
          count: 3,
          share: `${bill.share} EUR`,
          first: `${bill.first} EUR`,
        }),
      ),
    ).toBeVisible();
    await expectAccessible(payee.page, `split request (${language})`);
    const picture = await payee.requestPicture(requestId);

    await first.enrollAndOpenQrAccount(firstCustomer!);
    await first.scanFromGallery(picture);
    await first.expectConfirmation(/Agim B\.|Dafina F\./, bill.first);
    await expect(
      first.page.getByText(says(language, 'split.shareOf', { number: 1, count: 3 })),
    ).toBeVisible();
    await expectAccessible(first.page, `split confirmation (${language})`);
    await saveScreen(first.page, `31-split-confirmation-${language}`);
    await first.completePayment();
    await expect(first.page.getByText(progress(1), { exact: true })).toBeVisible();
    await expect(payee.page.getByText(progress(1), { exact: true })).toBeVisible();

    await second.enrollAndOpenQrAccount(secondCustomer!);
    await second.scanFromGallery(picture);
    await second.expectConfirmation(/Agim B\.|Dafina F\./, bill.share);
    await expect(
      second.page.getByText(says(language, 'split.shareOf', { number: 2, count: 3 })),
    ).toBeVisible();
    await second.completePayment();

    // Live, without a reload: the payee's request and the first payer's receipt move on.
    await expect(payee.page.getByText(progress(2), { exact: true })).toBeVisible();
    await expect(first.page.getByText(progress(2), { exact: true })).toBeVisible();
    await expect(second.page.getByText(progress(2), { exact: true })).toBeVisible();
    await expect(payee.page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '2');
    await expectAccessible(payee.page, `split progress (${language})`);
    await saveScreen(payee.page, `32-split-progress-${language}`);
    await expectAccessible(first.page, `split receipt (${language})`);
  });
}
