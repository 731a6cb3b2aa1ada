/**
 * The camera for scanning: the back camera where there is one, the torch where the device has
 * it, and switching between cameras. Frames are decoded a few times a second on the device.
 */
import { ClientError } from '../i18n/error-message.ts';

export interface CameraControls {
  readonly stream: MediaStream;
  readonly torchSupported: boolean;
  readonly cameraCount: number;
  setTorch(on: boolean): Promise<void>;
  stop(): void;
}

interface TorchCapabilities extends MediaTrackCapabilities {
  readonly torch?: boolean;
}

export async function openCamera(facingMode: 'environment' | 'user'): Promise<CameraControls> {
  if (!navigator.mediaDevices?.getUserMedia) throw new ClientError('CAMERA_UNAVAILABLE');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: facingMode }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (error) {
    const denied =
      error instanceof DOMException &&
      (error.name === 'NotAllowedError' || error.name === 'SecurityError');
    throw new ClientError(denied ? 'CAMERA_DENIED' : 'CAMERA_UNAVAILABLE');
  }
  const [track] = stream.getVideoTracks();
  const capabilities = (track?.getCapabilities?.() ?? {}) as TorchCapabilities;
  const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  return {
    stream,
    torchSupported: capabilities.torch === true,
    cameraCount: devices.filter((device) => device.kind === 'videoinput').length,
    setTorch: async (on) => {
      // `torch` is not yet in TypeScript's DOM types; the constraint is standard in Chromium.
      await track?.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
    },
    stop: () => stream.getTracks().forEach((each) => each.stop()),
  };
}
