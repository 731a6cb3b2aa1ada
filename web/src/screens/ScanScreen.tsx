/**
 * The camera button (guide §6): scan a code with the camera, decoded on the device, or
 * "Skano nga Galeria" from a picture. The payload goes to the confirmation screen.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Button } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Icon } from '../components/Icon.tsx';
import { Screen } from '../components/Screen.tsx';
import { ClientError } from '../i18n/error-message.ts';
import { type CameraControls, openCamera } from '../scan/camera.ts';
import { decodeQr, decodeQrFile, pixelsOf, warmUpDecoder } from '../scan/decoder.ts';
import { routeScanned } from '../scan/route-scanned.ts';

const frameIntervalMs = 250;

export function ScanScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(undefined);
  const [readingFile, setReadingFile] = useState(false);
  const found = (text: string) => routeScanned(navigate, text);

  const pickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // the same picture can be picked again
    if (!file) return;
    setReadingFile(true);
    setError(undefined);
    try {
      found(await decodeQrFile(file));
    } catch (failure) {
      setError(failure);
      setReadingFile(false);
    }
  };

  return (
    <Screen title={t('scan.title')} back="/home" navigation className="scan-screen">
      <CameraView onFound={found} onError={setError} />
      <ErrorNotice error={error} />
      <div className="actions">
        <input
          id="gallery-input"
          className="visually-hidden"
          type="file"
          accept="image/*"
          onChange={(event) => void pickFile(event)}
        />
        <label htmlFor="gallery-input" className="button button--secondary file-button">
          {readingFile ? (
            <span className="spinner spinner--small" aria-hidden="true" />
          ) : (
            <Icon name="gallery" />
          )}
          <span>{t('scan.gallery')}</span>
        </label>
        <Link className="button button--ghost" to="/pay/paste">
          {t('paste.open')}
        </Link>
      </div>
    </Screen>
  );
}

function CameraView({
  onFound,
  onError,
}: {
  readonly onFound: (payload: string) => void;
  readonly onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraControls | undefined>(undefined);
  const [facing, setFacing] = useState<'environment' | 'user'>('environment');
  const [torch, setTorch] = useState(false);
  const [state, setState] = useState<'starting' | 'scanning' | 'off'>('starting');
  const handlers = useRef({ onFound, onError });
  useEffect(() => {
    handlers.current = { onFound, onError };
  });

  useEffect(() => {
    warmUpDecoder();
    let stopped = false;
    let controls: CameraControls | undefined;
    let timer: number | undefined;
    const canvas = document.createElement('canvas');
    const scanFrame = async () => {
      const element = video.current;
      if (stopped || !element) return;
      if (element.readyState >= 2 && element.videoWidth > 0) {
        try {
          const text = await decodeQr(
            pixelsOf(element, element.videoWidth, element.videoHeight, canvas),
          );
          if (text && !stopped) {
            stopped = true;
            controls?.stop();
            handlers.current.onFound(text);
            return;
          }
        } catch (failure) {
          handlers.current.onError(failure);
          return;
        }
      }
      if (!stopped) timer = window.setTimeout(() => void scanFrame(), frameIntervalMs);
    };
    openCamera(facing)
      .then(async (opened) => {
        if (stopped) return opened.stop();
        controls = opened;
        setCamera(opened);
        if (video.current) {
          video.current.srcObject = opened.stream;
          await video.current.play().catch(() => undefined);
        }
        setState('scanning');
        void scanFrame();
      })
      .catch((failure: unknown) => {
        setState('off');
        handlers.current.onError(
          failure instanceof ClientError ? failure : new ClientError('CAMERA_UNAVAILABLE'),
        );
      });
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      controls?.stop();
    };
  }, [facing]);

  const toggleTorch = async () => {
    await camera?.setTorch(!torch).catch(() => undefined);
    setTorch(!torch);
  };

  return (
    <div className="camera">
      <div className={`camera__frame${state === 'off' ? ' camera__frame--off' : ''}`}>
        <video
          ref={video}
          className="camera__video"
          muted
          playsInline
          aria-label={t('scan.preview')}
        />
        <span className="camera__target" aria-hidden="true" />
        <p className="camera__status" role="status">
          {state === 'starting'
            ? t('scan.starting')
            : state === 'scanning'
              ? t('scan.pointCamera')
              : t('scan.cameraOff')}
        </p>
      </div>
      {camera && (camera.torchSupported || camera.cameraCount > 1) ? (
        <div className="actions actions--row">
          {camera.torchSupported ? (
            <Button
              variant="ghost"
              icon={<Icon name="torch" size={20} />}
              aria-pressed={torch}
              onClick={() => void toggleTorch()}
            >
              {t('scan.torch')}
            </Button>
          ) : null}
          {camera.cameraCount > 1 ? (
            <Button
              variant="ghost"
              icon={<Icon name="switch" size={20} />}
              onClick={() =>
                setFacing((current) => (current === 'environment' ? 'user' : 'environment'))
              }
            >
              {t('scan.switchCamera')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
