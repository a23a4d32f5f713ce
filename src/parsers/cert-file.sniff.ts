/** Recognising a certificate file, DER or PEM / base64 (light: see BinaryRecognizer in shared/parse.ts). */
import type { BinaryRecognizer } from '../shared/parse.js';
import { TAG } from './der.js';

/** A certificate file's bytes as text: UTF-16 by BOM or by zero bytes, else UTF-8. */
export function asText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return Buffer.from(bytes.subarray(2)).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // swap16 needs an even length: a stray last byte is dropped.
    const body = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    return Buffer.from(body).swap16().toString('utf16le');
  }
  if (bytes.length > 3 && bytes[1] === 0 && bytes[3] === 0)
    return Buffer.from(bytes).toString('utf16le');
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

export const certFileRecognizer: BinaryRecognizer<'cert.files'> = {
  artifactId: 'cert.files',
  input: 'binary',
  fileName: /\.(cer|crt|der|pem)$/i,
  sniff(head: Uint8Array): boolean {
    if (
      head[0] === TAG.SEQUENCE &&
      head[1] !== undefined &&
      (head[1] === 0x82 || head[1] === 0x81)
    ) {
      return head[4] === TAG.SEQUENCE;
    }
    const text = asText(head.subarray(0, 256));
    return (
      /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----/.test(text) ||
      /^\s*MII[A-Za-z0-9+/]{20}/.test(text)
    );
  },
};
