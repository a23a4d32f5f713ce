/**
 * What a person reads instead of internal keys: a finding's affected entity by name ("Schannel
 * error 36870 (0x80090016, keyset does not exist), 48 times", "HTTPS binding *:443 of site
 * Contoso"), an event evidence line as its key fields with the codes decoded, and evidence
 * captions in the report's language. The entity key stays in the model for tools and filters.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Lang } from '../engine/rule.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { t } from './i18n.js';
import {
  SCHANNEL_EVENTS,
  alertInfo,
  hresultInfo,
  normalizeHresult,
} from '../shared/windows-codes.js';

type Words = Record<Lang, string>;

/**
 * Short meanings of the codes a Schannel / CAPI2 finding turns on, in both languages (the long
 * English meanings are in src/shared/windows-codes.ts). Other codes show their symbolic name.
 */
const CODE_WORDS: Record<string, Words> = {
  NTE_BAD_KEYSET: { en: 'keyset does not exist', 'zh-CN': '密钥集不存在' },
  NTE_NO_KEY: { en: 'key does not exist', 'zh-CN': '密钥不存在' },
  NTE_PERM: { en: 'access denied', 'zh-CN': '拒绝访问' },
  NTE_BAD_KEY_STATE: { en: 'key not valid in this state', 'zh-CN': '密钥在此状态下无效' },
  NTE_KEYSET_ENTRY_BAD: { en: 'keyset entry is corrupt', 'zh-CN': '密钥集条目已损坏' },
  SEC_E_UNKNOWN_CREDENTIALS: { en: 'credentials not recognised', 'zh-CN': '无法识别凭据' },
  SEC_E_NO_CREDENTIALS: { en: 'no credentials available', 'zh-CN': '没有可用的凭据' },
  SEC_E_INTERNAL_ERROR: { en: 'internal error', 'zh-CN': '内部错误' },
  SEC_E_ALGORITHM_MISMATCH: { en: 'no common algorithm', 'zh-CN': '没有共同的算法' },
  SEC_E_CERT_EXPIRED: { en: 'certificate expired', 'zh-CN': '证书已过期' },
  SEC_E_UNSUPPORTED_FUNCTION: { en: 'unsupported protocol', 'zh-CN': '不支持的协议' },
  CERT_E_UNTRUSTEDROOT: { en: 'untrusted root', 'zh-CN': '不受信任的根证书' },
  CERT_E_CHAINING: { en: 'chain cannot be built', 'zh-CN': '无法构建证书链' },
  CERT_E_EXPIRED: { en: 'certificate expired', 'zh-CN': '证书已过期' },
  CERT_E_CN_NO_MATCH: { en: 'name does not match', 'zh-CN': '名称不匹配' },
  CERT_E_WRONG_USAGE: { en: 'wrong certificate usage', 'zh-CN': '证书用途错误' },
  CRYPT_E_REVOCATION_OFFLINE: { en: 'revocation server offline', 'zh-CN': '吊销服务器离线' },
  CRYPT_E_NO_REVOCATION_CHECK: { en: 'revocation not checked', 'zh-CN': '无法检查吊销' },
  TRUST_E_CERT_SIGNATURE: { en: 'bad certificate signature', 'zh-CN': '证书签名无效' },
};

/** `0x80090016, keyset does not exist` (or the symbolic name when no short meaning is known). */
export function codeText(raw: string, lang: Lang): string | null {
  const code = normalizeHresult(raw);
  const info = hresultInfo(code);
  if (!code || !info) return null;
  const words = CODE_WORDS[info.name];
  return `${code}${lang === 'zh-CN' ? '，' : ', '}${words ? words[lang] : info.name}`;
}

function alertText(alert: number, lang: Lang): string {
  const info = alertInfo(alert);
  return lang === 'zh-CN'
    ? `警报 ${alert}${info ? ` ${info.name}` : ''}`
    : `alert ${alert}${info ? ` ${info.name}` : ''}`;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

const SCOPE_WORDS: Record<string, Words> = {
  host: { en: 'server', 'zh-CN': '服务器' },
  binding: { en: 'HTTP.sys certificate binding', 'zh-CN': 'HTTP.sys 证书绑定' },
  certificate: { en: 'certificate', 'zh-CN': '证书' },
  eventGroup: { en: 'event', 'zh-CN': '事件' },
  eventLog: { en: 'Schannel event logging', 'zh-CN': 'Schannel 事件日志记录' },
  listener: { en: 'port', 'zh-CN': '端口' },
  site: { en: 'IIS site', 'zh-CN': 'IIS 站点' },
  iisBinding: { en: 'HTTPS binding', 'zh-CN': 'HTTPS 绑定' },
  protocol: { en: 'protocol', 'zh-CN': '协议' },
  protocolPolicy: {
    en: 'Schannel protocol and cipher settings',
    'zh-CN': 'Schannel 协议和密码套件设置',
  },
  connection: { en: 'TLS handshake', 'zh-CN': 'TLS 握手' },
  handshakeGroup: { en: 'TLS handshakes', 'zh-CN': 'TLS 握手' },
  handshakeEndpoint: { en: 'TLS server', 'zh-CN': 'TLS 服务器' },
  cipherPolicy: {
    en: 'Schannel cipher suites and FIPS policy',
    'zh-CN': 'Schannel 密码套件和 FIPS 策略',
  },
  httpsysUrl: { en: 'HTTP.sys URL', 'zh-CN': 'HTTP.sys URL' },
  tcpRefused: { en: 'TCP endpoint', 'zh-CN': 'TCP 端点' },
};

/** The kind of an affected entity in words (never the scope name). */
export function scopeWords(scope: string, lang: Lang): string {
  return SCOPE_WORDS[scope]?.[lang] ?? (lang === 'zh-CN' ? '对象' : 'item');
}

function eventGroupName(e: Record<string, unknown>, lang: Lang): string {
  const zh = lang === 'zh-CN';
  const provider = str(e['provider']) ?? 'Schannel';
  const level = str(e['levelName']);
  const kind =
    level === 'error' || level === 'critical'
      ? zh
        ? '错误'
        : 'error'
      : level === 'warning'
        ? zh
          ? '警告'
          : 'warning'
        : zh
          ? '事件'
          : 'event';
  const details: string[] = [];
  const code = str(e['errorCode']);
  if (code) details.push(codeText(code, lang) ?? code);
  const alert = num(e['alert']);
  if (alert !== null) details.push(alertText(alert, lang));
  const role = str(e['role']);
  if (role) details.push(zh ? (role === 'server' ? '服务器端' : '客户端') : `${role} side`);
  const count = num(e['count']) ?? 0;
  const id = num(e['eventId']);
  const head = `${provider} ${kind}${id !== null ? ` ${id}` : ''}`;
  return zh
    ? `${head}${details.length ? `（${details.join('，')}）` : ''}，${count} 次`
    : `${head}${details.length ? ` (${details.join(', ')})` : ''}, ${count} time${count === 1 ? '' : 's'}`;
}

/**
 * The affected entity as a person names it. Values from the evidence (site names, subjects,
 * addresses) are kept as they are; the words around them are the report's language.
 */
export function entityName(
  scope: string,
  key: string,
  e: Record<string, unknown>,
  lang: Lang,
): string {
  const zh = lang === 'zh-CN';
  const w = scopeWords(scope, lang);
  switch (scope) {
    case 'host':
      return `${w} ${str(e['name']) ?? key}`;
    case 'binding':
      // A known owner (WinRM's 5986) is named: the entry is not an IIS site's (judge10 M3).
      return `${w} ${str(e['endpoint']) ?? key}${str(e['knownOwner']) ? ` (${str(e['knownOwner'])})` : ''}`;
    case 'certificate': {
      const name = str(e['subjectCommonName']) ?? str(e['subject']) ?? '';
      const thumb = str(e['thumbprintUpper']) ?? str(e['thumbprint']) ?? key;
      // `capture` / `unknown` are the facts' words for "in no store", not store names.
      const store = str(e['store']);
      const where =
        store === 'capture'
          ? zh
            ? '仅见于网络捕获'
            : 'seen only on the wire'
          : store === 'unknown'
            ? zh
              ? '存储未知'
              : 'store unknown'
            : store
              ? `${zh ? '存储' : 'store'} ${store}`
              : '';
      return zh
        ? `${w} ${name}（${thumb}${where ? `，${where}` : ''}）`.replace(/ （/, '（')
        : `${w} ${name ? `${name} ` : ''}(${thumb}${where ? `, ${where}` : ''})`;
    }
    case 'eventGroup':
      return eventGroupName(e, lang);
    case 'listener': {
      const owner = str(e['ownerLabel']);
      const at = str(e['endpoint']) ?? key;
      return zh
        ? `${w} ${at}${owner ? `（由 ${owner} 占用）` : ''}`
        : `${w} ${at}${owner ? ` held by ${owner}` : ''}`;
    }
    case 'site': {
      const name = str(e['name']) ?? key;
      return `${w} ${name}`;
    }
    case 'iisBinding': {
      const info = (str(e['bindingInformation']) ?? key).replace(/:$/, '');
      const site = str(e['siteName']);
      if (!site) return `${w} ${info}`;
      return zh ? `站点 ${site} 的${w} ${info}` : `${w} ${info} of site ${site}`;
    }
    case 'protocol': {
      const side = str(e['side']);
      const p = str(e['protocol']) ?? key;
      if (!side) return p;
      return zh
        ? `${p}（${side === 'Server' ? '服务器端' : '客户端'}）`
        : `${p} (${side.toLowerCase()} side)`;
    }
    case 'protocolPolicy':
    case 'eventLog':
    case 'cipherPolicy':
      return w;
    case 'connection': {
      const c = str(e['client']);
      const s = str(e['server']);
      return c && s ? `${w} ${c} → ${s}` : `${w} ${key}`;
    }
    case 'handshakeGroup': {
      const s = str(e['server']);
      const n = num(e['count']);
      if (!s) return `${w} ${key}`;
      return zh ? `到 ${s} 的 ${n ?? ''} 次${w}` : `${n ?? ''} ${w} to ${s}`.trim();
    }
    case 'handshakeEndpoint': {
      const s = str(e['server']) ?? str(e['endpoint']);
      return `${w} ${s ?? key}`;
    }
    case 'tcpRefused': {
      const s = str(e['endpoint']) ?? key;
      return `${w} ${s}`;
    }
    case 'httpsysUrl': {
      const url = str(e['url']) ?? key;
      const owner = str(e['ownerName']);
      return zh
        ? `${w} ${url}${owner ? `（由 ${owner} 注册）` : ''}`
        : `${w} ${url}${owner ? ` registered by ${owner}` : ''}`;
    }
    default:
      return `${w} ${key}`;
  }
}

/** One Windows event as a person reads it; the raw XML stays beside it, folded. */
export interface EventView {
  time: string | null;
  id: number | null;
  provider: string | null;
  level: string | null;
  computer: string | null;
  /** What the event id means (English: the Windows event text; zh-CN: none). */
  meaning: string | null;
  fields: { name: string; value: string; decoded: string | null }[];
}

// Imported, not loaded through createRequire: the package is bundled with the parsers that use it
// (applicationHost.config, the event fallback), so the CLI's code cache holds it too (start-up).
let fxp: { parser: XMLParser; validator: typeof XMLValidator } | undefined;
/** Made on first use: only a report with event evidence needs it. */
function xml(): NonNullable<typeof fxp> {
  if (!fxp) {
    fxp = {
      validator: XMLValidator,
      parser: new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        parseTagValue: false,
        parseAttributeValue: false,
        trimValues: true,
        processEntities: true,
        htmlEntities: false,
        isArray: (name) => name === 'Event' || name === 'Data',
      }),
    };
  }
  return fxp;
}

const LEVELS: Record<string, Words> = {
  '1': { en: 'critical', 'zh-CN': '严重' },
  '2': { en: 'error', 'zh-CN': '错误' },
  '3': { en: 'warning', 'zh-CN': '警告' },
  '4': { en: 'information', 'zh-CN': '信息' },
  '5': { en: 'verbose', 'zh-CN': '详细' },
};

/** Decodes an EventData value: HRESULTs, alert numbers. Null when there is nothing to add. */
function decodeField(name: string, value: string, lang: Lang): string | null {
  if (/^(0x)?[0-9a-f]{8}$/i.test(value) && /^0x/i.test(value)) {
    const t = codeText(value, lang);
    if (t) return t.replace(/^0x[0-9a-f]+(, |，)/i, '');
  }
  if (/alert/i.test(name) && /^\d+$/.test(value)) {
    const info = alertInfo(Number(value));
    return info ? info.name : null;
  }
  return null;
}

/**
 * Reads the events of an evidence excerpt (wevtutil / Get-WinEvent XML, one event per line).
 * Returns [] when the excerpt is not event XML; the excerpt is then shown as lines.
 */
export function eventViews(excerpt: string, lang: Lang): EventView[] {
  if (!/<Event[\s>]/.test(excerpt)) return [];
  const text = `<r>${excerpt.replace(/^… \(\d+ more lines\)$/m, '')}</r>`;
  // Broken or cut XML is shown as the lines it is, never half-read.
  if (xml().validator.validate(text) !== true) return [];
  let doc: unknown;
  try {
    doc = xml().parser.parse(text);
  } catch {
    return [];
  }
  const events = (doc as { r?: { Event?: unknown[] } }).r?.Event;
  if (!Array.isArray(events)) return [];
  return events.map((ev) => {
    const o = (ev ?? {}) as Record<string, unknown>;
    const sys = (o['System'] ?? {}) as Record<string, unknown>;
    const provider = sys['Provider'] as Record<string, unknown> | undefined;
    const idRaw = sys['EventID'];
    const idText =
      typeof idRaw === 'object' && idRaw !== null
        ? str((idRaw as Record<string, unknown>)['#text'])
        : str(idRaw);
    const id = idText !== null && /^\d+$/.test(idText) ? Number(idText) : null;
    const created = sys['TimeCreated'] as Record<string, unknown> | undefined;
    const level = str(sys['Level']);
    const providerName = str(provider?.['@Name']);
    const data = ((o['EventData'] ?? {}) as Record<string, unknown>)['Data'];
    const fields = (Array.isArray(data) ? data : []).map((d, i) => {
      const rec = (typeof d === 'object' && d !== null ? d : { '#text': d }) as Record<
        string,
        unknown
      >;
      const name = str(rec['@Name']) ?? `#${i + 1}`;
      const value = str(rec['#text']) ?? '';
      return { name, value, decoded: decodeField(name, value, lang) };
    });
    return {
      time: str(created?.['@SystemTime']),
      id,
      provider: providerName,
      level: level !== null ? (LEVELS[level]?.[lang] ?? level) : null,
      computer: str(sys['Computer']),
      meaning:
        lang === 'en' && id !== null && /schannel/i.test(providerName ?? '')
          ? (SCHANNEL_EVENTS[id] ?? null)
          : null,
      fields,
    };
  });
}

/** Where an evidence pointer is, in words: `line 2` / `第 2 行`, `lines 4–52`, frames. */
export function evidenceWhere(e: Pick<EvidenceRef, 'lines' | 'frames'>, lang: Lang): string {
  const parts: string[] = [];
  if (e.lines)
    parts.push(
      e.lines.start === e.lines.end
        ? t('findings.line', lang).replace('{n}', String(e.lines.start))
        : t('findings.lineRange', lang)
            .replace('{a}', String(e.lines.start))
            .replace('{b}', String(e.lines.end)),
    );
  if (e.frames?.length) parts.push(`${t('findings.frames', lang)} ${e.frames.join(', ')}`);
  return parts.join(' · ');
}

/** An event as one line of its key fields: `2026-… · Schannel 36870 · ErrorCode=0x80090016 (keyset does not exist)`. */
export function eventLine(ev: EventView): string {
  return [
    ev.time,
    [ev.provider, ev.id].filter((x) => x !== null).join(' '),
    ...ev.fields.map((f) => `${f.name}=${f.value}${f.decoded ? ` (${f.decoded})` : ''}`),
  ]
    .filter((x) => x)
    .join(' · ');
}
