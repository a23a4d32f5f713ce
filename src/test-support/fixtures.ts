/** Test helpers: read a fixture beside a test as a TextInput, decoded like the pipeline does. */
import { readFileSync } from 'node:fs';
import { decodeText } from '../artifacts/decode.js';
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
