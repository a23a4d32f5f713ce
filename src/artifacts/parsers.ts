/**
 * THE table of parsers: every artifact id of the catalog (the generated `ArtifactId` union,
 * src/shared/artifact-ids.ts) maps to the parsers that read it, best-known format first. The
 * table `satisfies` a mapped type over `ArtifactId`, so a catalog id without an entry, an entry for
 * an id the catalog lacks, or a parser whose `artifactId` is another id fails `npm run typecheck`.
 * An artifact kept as evidence only maps to `[]`. `ArtifactValues` (id → value type) is derived
 * from the parsers, so `filesOf(parsed, id)` is typed by what the parser returns.
 *
 * Start-up: an entry is a loader (`async () => defineParser(id)(…(await import(…)).xParser)`), so
 * a run imports only the parsers of the artifacts its bundle holds (`loadParsers`, called by
 * `analyze` before `loadBundle`); a file that must be recognised by content is sniffed with the
 * light recognizers (src/artifacts/recognizers.ts) and only the parsers they choose are imported.
 * An entry may still be the parsers themselves (imported at the top): typed the same, loaded
 * at start.
 *
 * To add a parser: write src/parsers/<format>.ts (with sample and test) exporting a
 * `TextParser<Value, '<id>'>` / `BinaryParser<Value, '<id>'>` that spreads its recognizer from
 * src/parsers/<format>.sniff.ts (re-exported by src/parsers/sniffs.ts), and list both: the parser
 * under its id here, the recognizer in src/artifacts/recognizers.ts (same position).
 */
import type { ArtifactId } from '../shared/artifact-ids.js';
import type { ArtifactParser, ParserValue, Recognizer } from '../shared/parse.js';

/** Parsers for one artifact id: each one's `artifactId` is that id. */
type Parsers<K extends ArtifactId> = readonly ArtifactParser<unknown, K>[];
type ParserTable = { readonly [K in ArtifactId]: Parsers<K> | (() => Promise<Parsers<K>>) };
/** The parsers an entry gives, loader or not. */
type EntryParsers<E> = E extends () => Promise<infer P> ? P : E;

/**
 * Typed entry of the table: fixes the id, so the parsers listed must be parsers of that id (an
 * `events.capi2` parser under `events.schannel` does not compile).
 */
export function defineParser<K extends ArtifactId>(
  _id: K,
): <P extends readonly ArtifactParser<unknown, K>[]>(...parsers: P) => P {
  return (...parsers) => parsers;
}

export const PARSERS_BY_ID = {
  'httpsys.sslcert': async () => {
    const p = await import('../parsers/netsh-sslcert.js');
    return defineParser('httpsys.sslcert')(p.netshSslcertParser);
  },
  'httpsys.iplisten': async () => {
    const p = await import('../parsers/netsh-iplisten.js');
    return defineParser('httpsys.iplisten')(p.netshIplistenParser);
  },
  'httpsys.servicestate': async () => {
    const p = await import('../parsers/netsh-servicestate.js');
    return defineParser('httpsys.servicestate')(p.netshServicestateParser);
  },
  'httpsys.urlacl': async () => {
    const p = await import('../parsers/netsh-urlacl.js');
    return defineParser('httpsys.urlacl')(p.netshUrlaclParser);
  },
  'httpsys.setting': async () => {
    const p = await import('../parsers/netsh-setting.js');
    return defineParser('httpsys.setting')(p.netshSettingParser);
  },
  'httpsys.registry': async () => {
    const p = await import('../parsers/reg.js');
    return defineParser('httpsys.registry')(p.httpRegistryParser);
  },
  'schannel.registry': async () => {
    const p = await import('../parsers/reg.js');
    return defineParser('schannel.registry')(p.schannelRegistryParser);
  },
  'schannel.cipher-policy': async () => {
    const p = await import('../parsers/reg.js');
    return defineParser('schannel.cipher-policy')(p.cipherPolicyRegistryParser);
  },
  'dotnet.registry': async () => {
    const p = await import('../parsers/reg.js');
    return defineParser('dotnet.registry')(p.dotnetRegistryParser);
  },
  'net.netstat': async () => {
    const p = await import('../parsers/netstat.js');
    return defineParser('net.netstat')(p.netstatParser);
  },
  /** The collector's JSON, or a pasted Get-NetTCPConnection table (+ Get-Process) from a console. */
  'net.tcp-listeners': async () => {
    const [a, b] = await Promise.all([
      import('../parsers/tcp-listeners.js'),
      import('../parsers/tcp-connection-table.js'),
    ]);
    return defineParser('net.tcp-listeners')(a.tcpListenersParser, b.tcpConnectionTableParser);
  },
  'net.ipconfig': async () => {
    const p = await import('../parsers/ipconfig.js');
    return defineParser('net.ipconfig')(p.ipconfigParser);
  },
  'net.processes': async () => {
    const p = await import('../parsers/tasklist.js');
    return defineParser('net.processes')(p.tasklistParser);
  },
  /** store.json, or a pasted PowerShell Get-ChildItem Cert:\… listing (cert-powershell.ts). */
  'cert.store': async () => {
    const [a, b] = await Promise.all([
      import('../parsers/cert-store.js'),
      import('../parsers/cert-powershell.js'),
    ]);
    return defineParser('cert.store')(a.certStoreParser, b.certPowerShellParser);
  },
  /** One value per certificate file. */
  'cert.files': async () => {
    const p = await import('../parsers/cert-file.js');
    return defineParser('cert.files')(p.certFileParser);
  },
  'cert.certutil': async () => {
    const p = await import('../parsers/certutil-store.js');
    return defineParser('cert.certutil')(p.certutilParser);
  },
  'cert.machinekeys-acl': async () => {
    const p = await import('../parsers/icacls.js');
    return defineParser('cert.machinekeys-acl')(p.icaclsParser);
  },
  'cert.machinekeys-sddl': async () => {
    const p = await import('../parsers/machinekeys-sddl.js');
    return defineParser('cert.machinekeys-sddl')(p.machineKeysSddlParser);
  },
  'events.schannel': async () => {
    const [a, b] = await Promise.all([
      import('../parsers/event-xml.js'),
      import('../parsers/event-text.js'),
    ]);
    return defineParser('events.schannel')(a.schannelEventXmlParser, b.eventTextParser);
  },
  'events.capi2': async () => {
    const p = await import('../parsers/event-xml.js');
    return defineParser('events.capi2')(p.capi2EventXmlParser);
  },
  'events.httpevent': async () => {
    const [p, t] = await Promise.all([
      import('../parsers/event-xml.js'),
      import('../parsers/event-text.js'),
    ]);
    return defineParser('events.httpevent')(p.httpEventXmlParser, t.httpEventTextParser);
  },
  'iis.config': async () => {
    const p = await import('../parsers/applicationhost.js');
    return defineParser('iis.config')(p.applicationHostParser);
  },
  /** No parser yet: kept as evidence. */
  'iis.redirection': async () => {
    const p = await import('../parsers/redirection-config.js');
    return defineParser('iis.redirection')(p.redirectionConfigParser);
  },
  'iis.appcmd-sites': async () => {
    const [a, b] = await Promise.all([
      import('../parsers/appcmd-sites.js'),
      import('../parsers/get-website.js'),
    ]);
    return defineParser('iis.appcmd-sites')(a.appcmdSitesParser, b.getWebsiteParser);
  },
  /** No parser yet: kept as evidence. */
  'iis.appcmd-sites-config': async () => {
    const p = await import('../parsers/appcmd-sites-config.js');
    return defineParser('iis.appcmd-sites-config')(p.appcmdSitesConfigParser);
  },
  /** One value per capture file (capture/*.pcap, *.pcapng). */
  /** Packet captures, or an `openssl s_client -showcerts` text: a client's view of one handshake. */
  'capture.pcap': async () => {
    const [a, b] = await Promise.all([
      import('../parsers/capture.js'),
      import('../parsers/s-client.js'),
    ]);
    return defineParser('capture.pcap')(a.captureParser, b.sClientParser);
  },
  // Cipher suites, curves and FIPS policy (issue 16)
  'schannel.cipher-suites': async () => {
    const p = await import('../parsers/tls-cipher-suite.js');
    return defineParser('schannel.cipher-suites')(p.tlsCipherSuiteParser);
  },
  'schannel.ecc-curves': async () => {
    const p = await import('../parsers/tls-ecc-curve.js');
    return defineParser('schannel.ecc-curves')(p.tlsEccCurveParser);
  },
  'schannel.fips-policy': async () => {
    const p = await import('../parsers/reg.js');
    return defineParser('schannel.fips-policy')(p.fipsPolicyRegistryParser);
  },
  // Clock and IIS Centralized Certificate Store (issue 16)
  'time.w32tm': async () => {
    const p = await import('../parsers/w32tm.js');
    return defineParser('time.w32tm')(p.w32tmParser);
  },
  'system.hotfixes': async () => {
    const p = await import('../parsers/hotfix.js');
    return defineParser('system.hotfixes')(p.hotfixParser);
  },
  'iis.ccs': async () => {
    const p = await import('../parsers/ccs.js');
    return defineParser('iis.ccs')(p.ccsParser);
  },
  // HTTP.sys error logs and IIS W3C logs (issue 16): one value per log file
  'logs.httperr': async () => {
    const p = await import('../parsers/w3c-log.js');
    return defineParser('logs.httperr')(p.httpErrLogParser);
  },
  'logs.iis-w3c': async () => {
    const p = await import('../parsers/w3c-log.js');
    return defineParser('logs.iis-w3c')(p.iisW3cLogParser);
  },
  // IIS version (issue 16, round 4)
  'iis.version': async () => {
    const p = await import('../parsers/reg.js');
    return defineParser('iis.version')(p.iisVersionRegistryParser);
  },
} as const satisfies ParserTable;

/** Artifact id → parsed value type (`never` for an artifact kept as evidence only). */
export type ArtifactValues = {
  [K in ArtifactId]: ParserValue<EntryParsers<(typeof PARSERS_BY_ID)[K]>[number]>;
};

/** Artifact ids that have a parser. */
export type ParsedArtifactId = {
  [K in ArtifactId]: EntryParsers<(typeof PARSERS_BY_ID)[K]> extends readonly [] ? never : K;
}[ArtifactId];

const TABLE: Readonly<
  Record<string, readonly ArtifactParser[] | (() => Promise<readonly ArtifactParser[]>)>
> = PARSERS_BY_ID;
const loaded = new Map<string, readonly ArtifactParser[]>();

/**
 * Every parser, in table order (the loader's tie-break order for loose files), once
 * `loadParsers('all')` has run (tests: src/test-support/vitest-setup.ts); empty before. Code that
 * runs an analysis uses `allParsers()`, which says so instead of finding no parser.
 */
export let PARSERS: readonly ArtifactParser[] = [];

/** Imports the parsers of these artifact ids (every id: `'all'`); ids outside the catalog are ignored. */
export async function loadParsers(ids: Iterable<string> | 'all'): Promise<void> {
  if (ids === 'all') await loadRecognizers();
  const wanted = ids === 'all' ? Object.keys(TABLE) : [...new Set(ids)];
  await Promise.all(
    wanted.map(async (id) => {
      const entry = TABLE[id];
      if (entry === undefined || loaded.has(id)) return;
      loaded.set(id, typeof entry === 'function' ? await entry() : entry);
    }),
  );
  if (PARSERS.length === 0 && Object.keys(TABLE).every((id) => loaded.has(id)))
    PARSERS = Object.keys(TABLE).flatMap((id) => loaded.get(id)!);
}

/** Thrown when a parser is asked for before `loadParsers` imported it: a bug of the caller. */
function notLoaded(what: string): Error {
  return new Error(`parsers not loaded: ${what} (call loadParsers first)`);
}

/** Every parser, in table order; `loadParsers('all')` must have run. */
export function allParsers(): readonly ArtifactParser[] {
  if (PARSERS.length === 0) throw notLoaded('all');
  return PARSERS;
}

/** The parsers of one artifact id (none for an id outside the catalog); loaded by `loadParsers`. */
export function parsersOf(id: string): readonly ArtifactParser[] {
  const entry = TABLE[id];
  if (entry === undefined) return [];
  if (typeof entry !== 'function') return entry;
  const got = loaded.get(id);
  if (got === undefined) throw notLoaded(id);
  return got;
}

/**
 * Thrown (and caught by `withParsers`) when recognition chose a parser whose module is not
 * imported yet: a paste's unread-lines check (unread.ts) may try any format on a piece.
 */
export class ParsersNotLoaded extends Error {
  constructor(readonly id: string) {
    super(`parsers not loaded: ${id} (call loadParsers first)`);
  }
}

/**
 * The parser a recognizer stands for (src/artifacts/recognizers.ts: same position under its id);
 * a parser passed as its own recognizer (tests) is itself. Throws ParsersNotLoaded when its
 * module is not imported.
 */
export function parserFor(r: Recognizer): ArtifactParser {
  if ('parse' in r) return r as ArtifactParser;
  const at = (recognition().RECOGNIZERS_BY_ID[r.artifactId] as readonly Recognizer[]).indexOf(r);
  const entry = TABLE[r.artifactId];
  const got = typeof entry === 'function' ? loaded.get(r.artifactId) : entry;
  if (got === undefined) throw new ParsersNotLoaded(r.artifactId);
  const p = got[at];
  if (p === undefined || p.sniff !== r.sniff)
    throw new Error(`no parser for recognizer ${at} of ${r.artifactId}`);
  return p;
}

/** The artifact ids whose parsers are imported (tests: what a run loaded). */
export function loadedParserIds(): string[] {
  return [...loaded.keys()];
}

/**
 * Runs `run` (loading a bundle) with the parsers it asks for: a parser recognition chose beyond
 * what `parsersNeeded` foresaw is imported and the run repeated (the loader is pure).
 */
export async function withParsers<T>(run: () => T): Promise<T> {
  for (;;) {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof ParsersNotLoaded)) throw e;
      if (e.id === RECOGNIZERS_ID) {
        if (table !== undefined) throw e;
        await loadRecognizers();
      } else if (loaded.has(e.id)) throw e;
      else await loadParsers([e.id]);
    }
  }
}

/** What ParsersNotLoaded names when recognition itself is not loaded. */
const RECOGNIZERS_ID = 'recognizers';
let table: typeof import('./recognizers.js') | undefined;

/**
 * Imports recognition (src/artifacts/recognizers.ts: every sniff): only a run with a file no
 * manifest entry takes needs it (`parsersNeeded`), so a collector's bundle does not load it.
 */
export async function loadRecognizers(): Promise<void> {
  table ??= await import('./recognizers.js');
}

/** Whether recognition is imported (tests: a bundle whose manifest takes every file does not). */
export const recognizersLoaded = (): boolean => table !== undefined;

function recognition(): typeof import('./recognizers.js') {
  if (table === undefined) throw new ParsersNotLoaded(RECOGNIZERS_ID);
  return table;
}

/** Every recognizer, in table order; `loadRecognizers` must have run. */
export function recognizers(): readonly Recognizer[] {
  return recognition().RECOGNIZERS;
}
