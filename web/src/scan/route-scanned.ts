/**
 * Where a scanned or pasted text goes: a SmartPay code to the confirmation screen (the server's
 * quote checks it), anything else to the screen that explains what it is.
 */
import type { NavigateFunction } from 'react-router-dom';
import { classifyScan } from '../../../src/qr/classify.ts';

export function routeScanned(navigate: NavigateFunction, text: string): void {
  const found = classifyScan(text);
  if (found.kind === 'smartpay') navigate('/pay/confirm', { state: { payload: text.trim() } });
  else navigate('/pay/explain', { state: { text } });
}
