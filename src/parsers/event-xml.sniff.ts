/**
 * Recognising exported event logs (wevtutil XML) by their head (light: see BinaryRecognizer in
 * shared/parse.ts); event-xml.ts spreads these into its parsers. Decoding the head is the loader's
 * own (src/artifacts/decode.ts), as every text sniff's.
 */
import { decodeText } from '../artifacts/decode.js';
import { SNIFF, type ArtifactId, type BinaryRecognizer } from '../shared/parse.js';

/** The first non-blank content is an XML declaration, `<Events>` or `<Event …>` (a `- ` marker or ```xml fence allowed). */
export function looksLikeEventXml(headText: string): boolean {
  // Step by step, not one regex: `\s*(?:```\s*[\w-]*\s*)?(?:-\s)?\s*<` backtracks
  // quadratically over a long run of blanks (a head of 4,096 spaces took 300 ms; found by fuzzing).
  let t = headText.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('```'))
    t = t
      .slice(3)
      .trimStart()
      .replace(/^[\w-]*/, '')
      .trimStart();
  if (/^-\s/.test(t)) t = t.slice(2).trimStart();
  return /^<(?:\?xml|Events?[\s>])/.test(t);
}

/**
 * `<Events>` / `<Event …>` is sure; any other XML (an applicationHost.config) only a little, so
 * that the format it really is wins. The provider named in the head orders Schannel and CAPI2.
 */
export function sniffBytes(head: Uint8Array, provider: RegExp): number {
  const text = decodeText(head.subarray(0, 4096)).text;
  if (!looksLikeEventXml(text)) return 0;
  if (!/<Events?[\s>]/.test(text)) return SNIFF.low;
  return SNIFF.sure + (provider.test(text) ? 0.02 : 0);
}

function recognizer<K extends ArtifactId>(artifactId: K, fileName: RegExp): BinaryRecognizer<K> {
  return {
    artifactId,
    input: 'binary',
    fileName,
    sniff: (head: Uint8Array) =>
      sniffBytes(head, artifactId === 'events.capi2' ? /CAPI2/i : /Schannel/i),
  };
}

export const schannelEventXmlRecognizer = recognizer(
  'events.schannel',
  /(schannel|system)(?!.*httpevent).*\.xml$/i,
);
export const httpEventXmlRecognizer = recognizer('events.httpevent', /httpevent.*\.xml$/i);
export const capi2EventXmlRecognizer = recognizer('events.capi2', /capi2.*\.xml$/i);
