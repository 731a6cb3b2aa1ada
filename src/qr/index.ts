/** The QR module's public surface: codec, pictures, QR accounts, requests and resolution. */
export { crc16CcittFalse, encodeTlv, parseTlv, payloadLengthMax, tlv } from './emv.ts';
export type { QrRejection, TlvField } from './emv.ts';
export * from './payload.ts';
export { nameLengthMax, payloadNote } from './names.ts';
export { renderPng, renderSvg, pngSizeDefault, pngSizeMax, pngSizeMin } from './picture.ts';
export * from './accounts.ts';
export * from './requests.ts';
export * from './resolve.ts';
export * from './split.ts';
export { payloadSettingsFromConfig } from './store.ts';
export type { PayloadSettings, QrContext } from './store.ts';
