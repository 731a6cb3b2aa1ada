/** A code's picture from the API; greyed out when it can no longer be paid. */
interface QrPictureProps {
  readonly src: string;
  readonly alt: string;
  readonly inactive?: boolean;
  readonly size?: 'small' | 'large';
}

export function QrPicture({ src, alt, inactive, size = 'large' }: QrPictureProps) {
  return (
    <figure className={`qr qr--${size}${inactive ? ' qr--inactive' : ''}`}>
      <img
        src={src}
        alt={alt}
        width={size === 'large' ? 260 : 72}
        height={size === 'large' ? 260 : 72}
      />
    </figure>
  );
}
