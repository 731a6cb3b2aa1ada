/** QR module fixtures: the ports the QR functions take (customers come from test/helpers/bank.ts). */
import { TestClock } from '../../src/core/clock.ts';
import { defaultSettings } from '../../src/core/settings.ts';
import type { RequestContext } from '../../src/qr/requests.ts';
import { payloadSettingsFromConfig } from '../../src/qr/store.ts';
import { testConfig } from '../helpers/bank.ts';

export const payloadSettings = payloadSettingsFromConfig(testConfig);

export function testContext(clock = new TestClock()): RequestContext & { clock: TestClock } {
  return { clock, payload: payloadSettings, settings: defaultSettings() };
}
