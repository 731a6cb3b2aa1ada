/**
 * A software WebAuthn platform authenticator for API tests: makes ES256 credentials, answers
 * registration ("none" attestation) and assertion requests, and can be told to skip user
 * verification or to replay an old counter, so refusals can be tested.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { type CBORType, encodeCBOR } from '@levischuck/tiny-cbor';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

interface SoftCredential {
  readonly id: string;
  readonly privateKey: KeyObject;
  readonly cosePublicKey: Uint8Array;
  counter: number;
}

const flags = { userPresent: 0x01, userVerified: 0x04, attestedData: 0x40 };

export class SoftAuthenticator {
  readonly credentials = new Map<string, SoftCredential>();
  constructor(
    private readonly origin: string,
    private readonly rpId: string,
  ) {}

  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    userVerified = true,
  ): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cosePublicKey = encodeCBOR(
      new Map<number, CBORType>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const idBytes = randomBytes(16);
    const credential: SoftCredential = {
      id: idBytes.toString('base64url'),
      privateKey,
      cosePublicKey,
      counter: 0,
    };
    this.credentials.set(credential.id, credential);
    const attested = Buffer.concat([Buffer.alloc(16), u16(idBytes.length), idBytes, cosePublicKey]);
    const authData = this.authData(
      flags.attestedData | (userVerified ? flags.userVerified : 0),
      0,
      attested,
    );
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBORType>()],
        ['authData', authData],
      ]),
    );
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['internal'],
      },
    };
  }

  assert(
    options: PublicKeyCredentialRequestOptionsJSON,
    tweaks: { credentialId?: string; userVerified?: boolean; counter?: number } = {},
  ): AuthenticationResponseJSON {
    const credential = this.credentials.get(
      tweaks.credentialId ?? [...this.credentials.keys()][0] ?? '',
    );
    if (!credential) throw new Error('the soft authenticator has no credential');
    // An explicit counter is a one-off (e.g. a cloned authenticator); it does not move this one's.
    const counter = tweaks.counter ?? ++credential.counter;
    const authData = this.authData(tweaks.userVerified === false ? 0 : flags.userVerified, counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const signed = Buffer.concat([
      authData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ]);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON,
        authenticatorData: authData.toString('base64url'),
        signature: sign('sha256', signed, credential.privateKey).toString('base64url'),
      },
    };
  }

  private authData(flagBits: number, counter: number, attested: Buffer = Buffer.alloc(0)): Buffer {
    const rpIdHash = createHash('sha256').update(this.rpId).digest();
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([rpIdHash, Buffer.from([flagBits | flags.userPresent]), count, attested]);
  }

  private clientData(type: string, challenge: string): string {
    return Buffer.from(
      JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }),
    ).toString('base64url');
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
