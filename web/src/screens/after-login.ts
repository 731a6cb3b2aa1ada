/**
 * Where a fresh session goes: the terms if not enrolled, the offer to trust this device after a
 * full login on a device that is not trusted yet, and otherwise home.
 */
import type { Profile } from '../api/types.ts';
import { remembered } from '../device/remembered.ts';

/**
 * `returnTo`: the screen the customer was on when the session ended (idle timeout); the offer to
 * trust this device passes it on (`?next=`), so it is where the customer lands either way.
 */
export function afterLoginPath(profile: Profile, returnTo?: string): string {
  remembered.setSmartOtpOn(profile.smartOtpEnabled);
  if (!profile.enrolled) return '/enroll';
  const next = appPath(returnTo);
  if (shouldOfferTrust(profile))
    return next ? `/trust-device?next=${encodeURIComponent(next)}` : '/trust-device';
  return next ?? '/home';
}

/** A path inside this app (never another origin's "//host"), or undefined. */
export function appPath(path: string | null | undefined): string | undefined {
  return path && path.startsWith('/') && !path.startsWith('//') ? path : undefined;
}

export function shouldOfferTrust(profile: Profile): boolean {
  if (profile.level !== 'full' || !profile.smartOtpEnabled) return false;
  const deviceId = remembered.deviceId();
  return !profile.devices.some((device) => device.id === deviceId);
}
