/**
 * Security descriptor strings (SDDL) as `Get-Acl … .Sddl` and `netsh http show urlacl` print them:
 * `O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)`. Owner `O:`, group `G:`, DACL `D:` with its flags
 * (`P` protected, `AI` auto-inherited), ACEs `(type;flags;rights;object;inherited object;SID)`.
 * Unlike icacls the string is the same on every Windows language: SIDs and two-letter codes.
 *
 * Reference: "Security Descriptor String Format", "ACE Strings" and "SID Strings" (Microsoft Learn,
 * learn.microsoft.com/windows/win32/secauthz/ace-strings). Rights are two-letter codes (`FA`,
 * `GX`, `RC`, …) or a hex / decimal mask (`0x12019f`); both are kept and also expressed as the
 * icacls rights a reader knows (`F`, `M`, `RX`, `R`, `W`, or specific rights), so the key-ACL facts
 * read SDDL and icacls alike.
 */

export interface SddlAce {
  /** `A` allow, `D` deny, `OA` / `OD` object ACEs, `AU` audit, `ML` label, … as written. */
  type: string;
  allow: boolean;
  deny: boolean;
  /** ACE flags: `OI`, `CI`, `NP`, `IO`, `ID` (inherited), `SA`, `FA`. */
  flags: string[];
  inherited: boolean;
  /** The rights as written (`FA`, `0x12019f`, `GXGR`). */
  rightsText: string;
  /** The access mask (generic bits kept as such); null when a code is unknown. */
  mask: number | null;
  /** The two-letter codes, or for a mask the named file rights it holds. */
  rights: string[];
  /** icacls-style rights (`F`, `M`, `RX`, `R`, `W`, `GR`, … or `RD`, `WD`, …), for the ACL facts. */
  icaclsRights: string[];
  /** `S-1-5-18`; an alias (`SY`, `BA`, `WD`) is resolved to its SID. */
  sid: string;
  /** The alias as written, when the SID was one. */
  alias: string | null;
  /** Well-known name (`NT AUTHORITY\SYSTEM`, `IIS APPPOOL\<pool>` cannot be named from its SID). */
  name: string | null;
  text: string;
}

export interface Sddl {
  owner: string | null;
  group: string | null;
  /** `P` (protected: inheritance blocked), `AI`, `AR`. */
  daclFlags: string[];
  aces: SddlAce[];
  /** Unreadable parts, as written. */
  errors: string[];
}

/** SID aliases of SDDL ("SID Strings"), the ones seen on file and URL ACLs. */
const ALIASES: Record<string, string> = {
  WD: 'S-1-1-0',
  CO: 'S-1-3-0',
  CG: 'S-1-3-1',
  OW: 'S-1-3-4',
  NU: 'S-1-5-2',
  IU: 'S-1-5-4',
  SU: 'S-1-5-6',
  AN: 'S-1-5-7',
  PS: 'S-1-5-10',
  AU: 'S-1-5-11',
  RC: 'S-1-5-12',
  SY: 'S-1-5-18',
  LS: 'S-1-5-19',
  NS: 'S-1-5-20',
  BA: 'S-1-5-32-544',
  BU: 'S-1-5-32-545',
  BG: 'S-1-5-32-546',
  PU: 'S-1-5-32-547',
  BO: 'S-1-5-32-551',
  IS: 'S-1-5-32-568',
  AC: 'S-1-15-2-1',
};

const NAMES: Record<string, string> = {
  'S-1-1-0': 'Everyone',
  'S-1-3-0': 'CREATOR OWNER',
  'S-1-3-4': 'OWNER RIGHTS',
  'S-1-5-2': 'NT AUTHORITY\\NETWORK',
  'S-1-5-4': 'NT AUTHORITY\\INTERACTIVE',
  'S-1-5-6': 'NT AUTHORITY\\SERVICE',
  'S-1-5-7': 'NT AUTHORITY\\ANONYMOUS LOGON',
  'S-1-5-11': 'NT AUTHORITY\\Authenticated Users',
  'S-1-5-18': 'NT AUTHORITY\\SYSTEM',
  'S-1-5-19': 'NT AUTHORITY\\LOCAL SERVICE',
  'S-1-5-20': 'NT AUTHORITY\\NETWORK SERVICE',
  'S-1-5-32-544': 'BUILTIN\\Administrators',
  'S-1-5-32-545': 'BUILTIN\\Users',
  'S-1-5-32-546': 'BUILTIN\\Guests',
  'S-1-5-32-568': 'BUILTIN\\IIS_IUSRS',
  'S-1-15-2-1': 'APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES',
};

/** A readable name for a SID: well-known, or the kind of a service / app-pool SID. */
export function sidName(sid: string): string | null {
  const known = NAMES[sid.toUpperCase()];
  if (known) return known;
  // Virtual accounts: the name is hashed into the SID, so only the kind can be told.
  if (/^S-1-5-82-/i.test(sid)) return 'IIS APPPOOL\\(application pool)';
  if (/^S-1-5-80-/i.test(sid)) return 'NT SERVICE\\(service)';
  return null;
}

/** Two-letter right codes and their access-mask bits. */
const RIGHT_BITS: Record<string, number> = {
  GA: 0x10000000,
  GR: 0x80000000,
  GW: 0x40000000,
  GX: 0x20000000,
  RC: 0x20000,
  SD: 0x10000,
  WD: 0x40000,
  WO: 0x80000,
  RP: 0x10,
  WP: 0x20,
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  LO: 0x80,
  DT: 0x40,
  CR: 0x100,
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
  KA: 0xf003f,
  KR: 0x20019,
  KW: 0x20006,
  KX: 0x20019,
};

/** File specific rights, named as icacls names them. */
const FILE_BITS: [string, number][] = [
  ['RD', 0x1],
  ['WD', 0x2],
  ['AD', 0x4],
  ['REA', 0x8],
  ['WEA', 0x10],
  ['X', 0x20],
  ['DC', 0x40],
  ['RA', 0x80],
  ['WA', 0x100],
  ['D', 0x10000],
  ['RC', 0x20000],
  ['WDAC', 0x40000],
  ['WO', 0x80000],
  ['S', 0x100000],
  ['AS', 0x1000000],
  ['MA', 0x2000000],
  ['GA', 0x10000000],
  ['GE', 0x20000000],
  ['GW', 0x40000000],
  ['GR', 0x80000000],
];

/** icacls simple rights: the mask each one stands for (icacls prints the largest that fits exactly). */
const SIMPLE: [string, number][] = [
  ['F', 0x1f01ff],
  ['M', 0x1301bf],
  ['RX', 0x1200a9],
  ['R', 0x120089],
  ['W', 0x100116],
];

/** The access mask's rights as icacls prints them: `F`, `(R,W)` pairs, or specific rights. */
export function icaclsRightsOf(mask: number): string[] {
  const exact = SIMPLE.find(([, m]) => m === mask);
  if (exact) return [exact[0]];
  // R + W (the MachineKeys default for Everyone, 0x12019f) prints as (R,W).
  for (const read of ['RX', 'R'] as const) {
    const r = SIMPLE.find(([n]) => n === read)![1];
    if ((r | 0x100116) >>> 0 === mask >>> 0) return [read, 'W'];
  }
  return FILE_BITS.filter(([, b]) => (mask & b) >>> 0 === b).map(([n]) => n);
}

function parseRights(text: string): { mask: number | null; rights: string[] } {
  if (/^0x[0-9a-f]{1,8}$/i.test(text) || /^\d{1,10}$/.test(text)) {
    const mask = Number(text) >>> 0;
    return { mask, rights: FILE_BITS.filter(([, b]) => (mask & b) >>> 0 === b).map(([n]) => n) };
  }
  const codes = text.toUpperCase().match(/.{1,2}/g) ?? [];
  let mask: number | null = 0;
  for (const c of codes) {
    const bit = RIGHT_BITS[c];
    mask = bit === undefined || mask === null ? null : (mask | bit) >>> 0;
  }
  return { mask, rights: codes };
}

function resolveSid(text: string): { sid: string; alias: string | null } {
  const t = text.trim();
  if (/^S-1-/i.test(t)) return { sid: t.toUpperCase(), alias: null };
  const a = ALIASES[t.toUpperCase()];
  return a ? { sid: a, alias: t.toUpperCase() } : { sid: t, alias: null };
}

const ACE = /\(([^()]*)\)/g;

/** Parses one ACE body (without parentheses); null when it does not have six fields. */
export function parseAce(body: string): SddlAce | null {
  const f = body.split(';');
  if (f.length < 6 || f.length > 7) return null;
  const type = f[0]!.trim().toUpperCase();
  if (!/^[A-Z]{1,2}$/.test(type)) return null;
  const flags = (
    f[1]!
      .trim()
      .toUpperCase()
      .match(/.{1,2}/g) ?? []
  ).filter((x) => x !== '');
  const { mask, rights } = parseRights(f[2]!.trim());
  const { sid, alias } = resolveSid(f[5]!);
  if (sid === '') return null;
  const generic = rights.length > 0 && rights.every((r) => /^G[ARWX]$/.test(r));
  return {
    type,
    allow: type === 'A' || type === 'OA' || type === 'XA',
    deny: type === 'D' || type === 'OD' || type === 'XD',
    flags,
    inherited: flags.includes('ID'),
    rightsText: f[2]!.trim(),
    mask,
    rights,
    icaclsRights:
      mask === null
        ? rights
        : generic
          ? rights.map((r) => (r === 'GX' ? 'GE' : r))
          : icaclsRightsOf(mask),
    sid,
    alias,
    name: sidName(sid),
    text: `(${body})`,
  };
}

/**
 * Parses a security descriptor string. Never throws: unreadable ACEs and text between the parts
 * are listed in `errors`. Linear in the input (one regex pass per part, no nested quantifiers).
 */
export function parseSddl(text: string): Sddl {
  const out: Sddl = { owner: null, group: null, daclFlags: [], aces: [], errors: [] };
  const s = text.trim();
  // Parts start at O:, G:, D:, S: outside parentheses.
  let depth = 0;
  const starts: { tag: string; at: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && s[i + 1] === ':' && 'OGDS'.includes(c!.toUpperCase())) {
      starts.push({ tag: c!.toUpperCase(), at: i });
      i++;
    }
  }
  if (starts.length === 0 || starts[0]!.at !== 0) {
    out.errors.push(s.slice(0, starts[0]?.at ?? s.length).slice(0, 120));
  }
  starts.forEach((p, i) => {
    const body = s.slice(p.at + 2, starts[i + 1]?.at ?? s.length);
    if (p.tag === 'O') out.owner = resolveSid(body).sid;
    else if (p.tag === 'G') out.group = resolveSid(body).sid;
    else if (p.tag === 'D') {
      const first = body.indexOf('(');
      const flagText = first < 0 ? body : body.slice(0, first);
      out.daclFlags = flagText.toUpperCase().match(/AI|AR|P|NO_ACCESS_CONTROL/g) ?? [];
      const rest = first < 0 ? '' : body.slice(first);
      let consumed = 0;
      for (const m of rest.matchAll(ACE)) {
        if (m.index !== consumed) out.errors.push(rest.slice(consumed, m.index).slice(0, 120));
        consumed = m.index + m[0].length;
        const ace = parseAce(m[1]!);
        if (ace) out.aces.push(ace);
        else out.errors.push(m[0].slice(0, 120));
      }
      if (consumed < rest.length) out.errors.push(rest.slice(consumed).slice(0, 120));
    }
    // S: (SACL) is audit and labels: not an access grant, kept out of `aces`.
  });
  return out;
}
