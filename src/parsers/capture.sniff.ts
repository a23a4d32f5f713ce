/** Recognising a packet capture by its magic number (light: see BinaryRecognizer in shared/parse.ts). */
import type { BinaryRecognizer } from '../shared/parse.js';

export function sniffCapture(head: Uint8Array): 'pcap' | 'pcapng' | null {
  if (head.length < 4) return null;
  const m = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  if (m === 0x0a0d0d0a) return 'pcapng';
  if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1) return 'pcap';
  return null;
}

export const captureRecognizer: BinaryRecognizer<'capture.pcap'> = {
  artifactId: 'capture.pcap',
  input: 'binary',
  fileName: /\.(pcap|pcapng|cap)$/i,
  sniff: (head: Uint8Array) => sniffCapture(head) !== null,
};
