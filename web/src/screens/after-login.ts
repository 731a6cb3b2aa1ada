/**
 * Where a fresh session goes: the terms if not enrolled, the offer to trust this device after a
 * full login on a device that is not trusted yet, and otherwise home.
 */
import type { Profile } from '../api/types.ts';
import { remembered } from '../device/remembered.ts';

/** `returnTo`: the screen the customer was on when the session ended (idle timeout). */
export function afterLoginPath(profile: Profile, returnTo?: string): string {
  remembered.setSmartOtpOn(profile.smartOtpEnabled);
  if (!profile.enrolled) return '/enroll';
  if (shouldOfferTrust(profile)) return '/trust-device';
  return returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/home';
}

export function shouldOfferTrust(profile: Profile): boolean {
  if (profile.level !== 'full' || !profile.smartOtpEnabled) return false;
  const deviceId = remembered.deviceId();
  return !profile.devices.some((device) => device.id === deviceId);
}
