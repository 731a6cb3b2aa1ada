/**
 * What this device remembers between visits (localStorage): the chosen language, and after a
 * login the CIF and the id of the trusted device, so the next login can offer SmartOTP.
 * "Më harro" forgets the CIF and the device; "Dalja" keeps them.
 */
const keys = {
  language: 'smartpay.language',
  cif: 'smartpay.cif',
  deviceId: 'smartpay.deviceId',
  smartOtpOff: 'smartpay.smartOtpOff',
  enrolledHere: 'smartpay.enrolledHere',
} as const;

function read(key: string): string | undefined {
  try {
    return window.localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined; // storage disabled (private mode): nothing is remembered
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the app still works, it just does not remember
  }
}

export const remembered = {
  language: () => read(keys.language),
  setLanguage: (language: string) => write(keys.language, language),
  cif: () => read(keys.cif),
  setCif: (cif: string) => {
    write(keys.cif, cif);
    write(keys.enrolledHere, 'true');
  },
  /**
   * Someone has used SmartPay on this device (not who): after "Më harro" the SmartPay icon
   * opens the login, not the terms again. The CIF and the device are still forgotten.
   */
  enrolledHere: () => read(keys.enrolledHere) === 'true' || read(keys.cif) !== undefined,
  deviceId: () => read(keys.deviceId),
  setDeviceId: (deviceId: string | undefined) => write(keys.deviceId, deviceId),
  /** The customer's SmartOTP switch as last seen: off means the login page offers SMS only. */
  smartOtpOn: () => read(keys.smartOtpOff) !== 'true',
  setSmartOtpOn: (on: boolean) => write(keys.smartOtpOff, on ? undefined : 'true'),
  /** "Më harro": the next login on this device is a full one, from an empty form. */
  forgetCustomer: () => {
    write(keys.cif, undefined);
    write(keys.deviceId, undefined);
    write(keys.smartOtpOff, undefined);
  },
};
