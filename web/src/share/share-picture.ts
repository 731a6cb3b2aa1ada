/**
 * A code's picture (PNG) goes out through the device's share sheet where the browser can share
 * files (Web Share API level 2), and is downloaded otherwise.
 */
export type ShareOutcome = 'shared' | 'downloaded' | 'cancelled';

export function canShareFiles(): boolean {
  return typeof navigator.share === 'function' && typeof navigator.canShare === 'function';
}

export async function sharePicture(
  url: string,
  fileName: string,
  title: string,
  text: string,
): Promise<ShareOutcome> {
  const picture = await fetchPicture(url, fileName);
  if (canShareFiles() && navigator.canShare({ files: [picture] })) {
    try {
      await navigator.share({ files: [picture], title, text });
      return 'shared';
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
      // Sharing refused (e.g. not allowed here): downloading still gets the picture out.
    }
  }
  downloadFile(picture);
  return 'downloaded';
}

export async function downloadPicture(url: string, fileName: string): Promise<void> {
  downloadFile(await fetchPicture(url, fileName));
}

async function fetchPicture(url: string, fileName: string): Promise<File> {
  const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`picture ${response.status}`);
  return new File([await response.blob()], fileName, { type: 'image/png' });
}

/** Saves a file the way a download link does; the object URL is released once the save began. */
export function downloadFile(file: File): void {
  const href = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = href;
  link.download = file.name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
