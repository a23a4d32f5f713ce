/** Test helpers: read a fixture beside a test as a TextInput, decoded like the pipeline does. */
import { readFileSync } from 'node:fs';
import { decodeText } from '../artifacts/decode.js';
import { parseCapture } from '../parsers/capture/index.js';
import type { CaptureValue } from '../parsers/capture.js';
import { textInput, type TextInput } from '../shared/parse.js';

export function fixtureText(
  metaUrl: string,
  name: string,
  artifactId = 'test',
  text?: string,
): TextInput {
  const body = text ?? decodeText(readFileSync(new URL(name, metaUrl))).text;
  return textInput({ artifactId, path: name }, body);
}

export function inlineText(text: string, artifactId = 'test', path = 'inline.txt'): TextInput {
  return textInput({ artifactId, path }, text);
}

/** A capture file's bytes parsed as capture.pcap at `capture/x.pcap`. */
export function captureOf(buf: Uint8Array): CaptureValue {
  return parseCapture({
    artifactId: 'capture.pcap',
    path: 'capture/x.pcap',
    size: buf.length,
    *chunks() {
      yield buf;
    },
  }).value;
}
