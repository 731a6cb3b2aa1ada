/**
 * SmartOTP in the browser: this device's platform authenticator (fingerprint, face, PIN) holds a
 * WebAuthn credential with user verification. Trusting the device needs a full session; a later
 * login proves the device plus CIF and password and gets a partial session (DESIGN.md §1).
 */
import {
  WebAuthnError,
  browserSupportsWebAuthn,
  platformAuthenticatorIsAvailable,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { api } from '../api/endpoints.ts';
import type { SessionAnswer, TrustedDevice } from '../api/types.ts';
import { remembered } from '../device/remembered.ts';
import { ClientError } from '../i18n/error-message.ts';

/** False where the browser has no WebAuthn or the device no lock-protected authenticator. */
export async function deviceCanUseSmartOtp(): Promise<boolean> {
  if (!browserSupportsWebAuthn()) return false;
  return platformAuthenticatorIsAvailable().catch(() => false);
}

export async function trustThisDevice(name: string): Promise<TrustedDevice> {
  const optionsJSON = await api.deviceRegistrationOptions();
  const response = await startRegistration({ optionsJSON }).catch(webauthnFailure);
  const device = await api.trustDevice(response, name);
  remembered.setDeviceId(device.id);
  return device;
}

export async function smartOtpLogin(cif: string, password: string): Promise<SessionAnswer> {
  const optionsJSON = await api.smartOtpOptions(cif);
  const assertion = await startAuthentication({ optionsJSON }).catch(webauthnFailure);
  return api.smartOtpLogin(cif, password, assertion);
}

function webauthnFailure(error: unknown): never {
  // The user closed the prompt, the device lock failed, or no credential of ours is here.
  if (
    error instanceof WebAuthnError ||
    (error instanceof Error && error.name === 'NotAllowedError')
  )
    throw new ClientError('WEBAUTHN_CANCELLED');
  throw new ClientError('WEBAUTHN_UNAVAILABLE');
}

/** A name the customer recognises in the list of trusted devices. */
export function describeThisDevice(): string {
  const agent = navigator.userAgent;
  const browser =
    [/Edg\//, /OPR\//, /Firefox\//, /Chrom(e|ium)\//, /Safari\//]
      .map((pattern, index) =>
        pattern.test(agent) ? ['Edge', 'Opera', 'Firefox', 'Chrome', 'Safari'][index] : undefined,
      )
      .find(Boolean) ?? 'Browser';
  const system =
    [/Android/, /iPhone|iPad/, /Windows/, /Mac OS/, /Linux/]
      .map((pattern, index) =>
        pattern.test(agent) ? ['Android', 'iOS', 'Windows', 'macOS', 'Linux'][index] : undefined,
      )
      .find(Boolean) ?? '';
  return `${browser}${system ? ` · ${system}` : ''}`;
}
