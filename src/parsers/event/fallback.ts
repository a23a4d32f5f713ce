/**
 * Events the direct scan cannot read (CDATA, comments, prefixed names): fast-xml-parser with
 * explicit safe options (no entity expansion, no tag-value parsing).
 */
import { XMLParser } from 'fast-xml-parser';
import { MAX_FIELDS, MAX_GENERAL_CHARS, type ScannedEvent } from './model.js';
import { binaryHex, decodeXmlText, emptyData, normGuid, setNamed, toInt } from './scan.js';

let fallbackParser: XMLParser | null = null;
function generalParser(): XMLParser {
  fallbackParser ??= new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    removeNSPrefix: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: false,
    textNodeName: '#text',
    isArray: (name) => name === 'Event' || name === 'Data',
  });
  return fallbackParser;
}

type Node = Record<string, unknown>;
function child(n: unknown, name: string): Node | null {
  if (n === null || typeof n !== 'object') return null;
  const c = Object.prototype.hasOwnProperty.call(n, name) ? (n as Node)[name] : undefined;
  if (Array.isArray(c)) return (c[0] as Node) ?? null;
  return c !== undefined && c !== null && typeof c === 'object' ? (c as Node) : null;
}
function textNode(n: unknown): string | null {
  if (typeof n === 'string') return decodeXmlText(n);
  if (n && typeof n === 'object' && typeof (n as Node)['#text'] === 'string') {
    return decodeXmlText((n as Node)['#text'] as string);
  }
  return n && typeof n === 'object' ? '' : null;
}
function attrNode(n: Node | null, name: string): string | null {
  const v = n ? n['@' + name] : undefined;
  return typeof v === 'string' ? decodeXmlText(v) : null;
}

/** Reads one event with fast-xml-parser (safe options); null when it is not an event. */
export function parseEventGeneral(xml: string): ScannedEvent | null {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) return null;
  // Nothing to find without a System element; and the general parser is not handed more than a
  // real event can be (it slows down badly on hostile input such as 100,000 attributes).
  if (xml.length > MAX_GENERAL_CHARS || !/<(?:[\w.-]+:)?System[\s>]/.test(xml)) return null;
  // Event Viewer XML-view copies: drop the `- ` collapse markers so they are not mixed content.
  const clean = xml.replace(/^([ \t]*)- </gm, '$1<');
  let doc: unknown;
  try {
    doc = generalParser().parse(clean);
  } catch {
    return null;
  }
  const evs = (doc as Node | null)?.['Event'];
  const ev = Array.isArray(evs) ? (evs[0] as Node) : null;
  const sys = child(ev, 'System');
  const prov = child(sys, 'Provider');
  const provider = attrNode(prov, 'Name') ?? attrNode(prov, 'EventSourceName');
  const eventId = toInt(textNode(sys?.['EventID']));
  if (!sys || provider === null || eventId === null) return null;
  const out: ScannedEvent = {
    provider,
    providerGuid: normGuid(attrNode(prov, 'Guid')),
    eventId,
    level: toInt(textNode(sys['Level'])),
    timeCreated: attrNode(child(sys, 'TimeCreated'), 'SystemTime'),
    recordId: toInt(textNode(sys['EventRecordID'])),
    computer: textNode(sys['Computer'])?.trim() || null,
    channel: textNode(sys['Channel'])?.trim() || null,
    data: emptyData(),
    userDataRoot: null,
    message: null,
  };
  const eventData = child(ev, 'EventData');
  const binary = binaryHex(textNode(eventData?.['Binary']));
  if (binary !== null) out.data.binary = binary;
  const datas = eventData?.['Data'];
  if (Array.isArray(datas)) {
    for (const d of datas.slice(0, MAX_FIELDS)) {
      const v = textNode(d) ?? '';
      out.data.positional.push(v);
      const name = attrNode(d && typeof d === 'object' ? (d as Node) : null, 'Name');
      if (name !== null) setNamed(out.data, name, v);
    }
  }
  const ud = child(ev, 'UserData');
  if (ud) {
    const root = Object.keys(ud).find((k) => !k.startsWith('@') && k !== '#text') ?? null;
    out.userDataRoot = root;
    const r = root ? child(ud, root) : null;
    if (r) {
      for (const [k, v] of Object.entries(r)) {
        if (k.startsWith('@')) continue;
        const t = typeof v === 'string' ? decodeXmlText(v) : null;
        if (t !== null) {
          out.data.positional.push(t);
          setNamed(out.data, k, t);
        }
      }
      const res = child(r, 'Result');
      const rv = attrNode(res, 'value');
      if (rv !== null) setNamed(out.data, 'Result', rv);
    }
  }
  const msg = textNode(child(ev, 'RenderingInfo')?.['Message']);
  if (msg) out.message = msg.trim() || null;
  return out;
}
