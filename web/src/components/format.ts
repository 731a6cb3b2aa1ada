/** Dates and IBANs for reading; the values themselves stay as the API gave them. */
const bankTime = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/Belgrade',
});

/**
 * "29.11.2026, 07:52" in the bank's time zone, in both languages: browsers' Albanian date data
 * varies (some print "2026 M11 29"), so the order is fixed here.
 */
export function formatDateTime(iso: string): string {
  const parts = bankTime.formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((each) => each.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')}, ${part('hour')}:${part('minute')}`;
}

/** "XK05 1212 0123 4567 8906" */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
