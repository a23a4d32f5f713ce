/**
 * Renders a rule's fix template (`rules/<area>/<id>.fix.<shell>.<lang>.hbs`) with the entity's
 * real values, for the shell the rule declares (`fixShell`). Handlebars in strict mode: a template
 * that names a missing field throws (caught by the rule-cases test, not by a customer).
 *
 * Values reach the text only through typed slots (src/engine/slots.ts):
 * - `{{arg "<kind>" path}}` on a runnable line: checked against the kind's grammar, then quoted
 *   for the shell. A value that does not match is never inserted: the line becomes a comment
 *   saying "value not shown: it does not look like a <kind>; see the evidence".
 * - `{{text path}}` / `{{join list ", "}}` on a comment line: one line of text, with what cmd
 *   could expand or redirect replaced.
 * A bare `{{path}}` is refused when the rule loads. A slot whose value is null, empty or an empty
 * list drops its line, so no command or sentence renders with a hole in it ("first , last .").
 * Shared blocks are partials in `rules/partials/<name>.<shell>.<lang>.hbs`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import {
  hbsFull,
  hbsRuntime,
  precompiled,
  type PrecompileEntry,
  type TemplateSpec,
} from '../shared/precompiled.js';
import type { Lang } from './rule.js';
import {
  commentText,
  isSlotKind,
  KIND_NAMES,
  quoteFor,
  slotValue,
  type Shell,
  type SlotKind,
} from './slots.js';

const PARTIALS_DIR = fileURLToPath(new URL('../../rules/partials/', import.meta.url));

const EMPTY = '\u0000E\u0000';
const BAD = (kind: SlotKind): string => `\u0000B:${kind}\u0000`;
// eslint-disable-next-line no-control-regex
const BAD_RE = /\u0000B:([A-Za-z]+)\u0000/g;

interface RenderData {
  shell: Shell;
  lang: Lang;
  /** Inside {{#tok}}: slots give the checked value unquoted; the block quotes the whole token. */
  rawSlots?: boolean;
  /** explain: slots print their placeholder name instead of a value. */
  placeholders?: boolean;
}

function dataOf(options: unknown): RenderData {
  const d = (options as { data?: { root?: unknown } & Partial<RenderData> } | undefined)?.data;
  return {
    shell: d?.shell ?? 'cmd',
    lang: d?.lang ?? 'en',
    placeholders: d?.placeholders === true,
  };
}

function placeholderName(options: unknown, fallback: string): string {
  const name = (options as { hash?: { name?: unknown } }).hash?.name;
  return `<${typeof name === 'string' ? name : fallback}>`;
}

/** The partials' files of one shell and language: name → source. */
function partialSources(shell: Shell, lang: Lang): Map<string, string> {
  const out = new Map<string, string>();
  if (existsSync(PARTIALS_DIR))
    for (const f of readdirSync(PARTIALS_DIR)) {
      const m = /^([a-z0-9-]+)\.(cmd|powershell)\.(en|zh-CN)\.hbs$/.exec(f);
      if (m && m[2] === shell && m[3] === lang)
        out.set(m[1]!, readFileSync(join(PARTIALS_DIR, f), 'utf8'));
    }
  return out;
}

/**
 * The helpers and partials of one shell and language on a handlebars environment: the compiler's
 * (partials as source), or the runtime's (partials precompiled; null when one is not).
 */
function makeEnv(runtime: boolean, shell: Shell, lang: Lang): typeof Handlebars | null {
  const hb = (runtime ? hbsRuntime() : hbsFull()).create();
  hb.registerHelper('arg', function (kind: unknown, value: unknown, options: unknown) {
    if (!isSlotKind(kind)) throw new Error(`unknown slot kind "${String(kind)}"`);
    const d = dataOf(options);
    if (d.placeholders) return placeholderName(options, KIND_NAMES[kind][d.lang]);
    if (value === null || value === undefined || value === '') return EMPTY;
    const v = slotValue(kind, value);
    if (v === null) return BAD(kind);
    // An internationalized host name goes in as its A-label form: the fix says so (renderFix).
    if (typeof value === 'string' && v !== value && /[^ -~]/.test(value))
      (options as { data?: { idn?: Map<string, string> } }).data?.idn?.set(value, v);
    return d.rawSlots ? v : quoteFor(d.shell, v, kind);
  });
  // {{#tok}}hostnameport={{arg "host" h}}:{{arg "port" p}}{{/tok}}: one argument, quoted whole
  // when it needs quoting (PowerShell would join `a='b'` itself; parsers and readers do not).
  hb.registerHelper('tok', function (this: unknown, options: Handlebars.HelperOptions) {
    const d = dataOf(options);
    const data = { ...(options.data as object), rawSlots: true };
    const inner = options.fn(this, { data });
    if (d.placeholders || inner.includes('\u0000')) return inner;
    return quoteFor(d.shell, inner);
  });
  hb.registerHelper('text', function (value: unknown, options: unknown) {
    const d = dataOf(options);
    if (d.placeholders) return placeholderName(options, 'text');
    return commentText(d.shell, value) ?? EMPTY;
  });
  hb.registerHelper('join', function (list: unknown, sep: unknown, options: unknown) {
    const d = dataOf(options);
    if (d.placeholders) return placeholderName(options, 'list');
    if (!Array.isArray(list)) return EMPTY;
    const parts = list.map((x) => commentText(d.shell, x)).filter((x) => x !== null);
    return parts.length > 0 ? parts.join(typeof sep === 'string' ? sep : ', ') : EMPTY;
  });
  hb.registerHelper('isKind', (kind: unknown, value: unknown) =>
    isSlotKind(kind) ? slotValue(kind, value) !== null : false,
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (a: unknown, b: unknown) => a || b);
  for (const [name, source] of partialSources(shell, lang)) {
    if (!runtime) {
      hb.registerPartial(name, source);
      continue;
    }
    const spec = precompiled(partialKind(shell, lang), source);
    if (!spec) return null;
    hb.registerPartial(name, hb.template(spec));
  }
  return hb;
}

const KNOWN_HELPERS = {
  arg: true,
  text: true,
  join: true,
  isKind: true,
  tok: true,
  eq: true,
  or: true,
} as const;
const VALUE_HELPERS = new Set(['arg', 'text', 'join']);
/** How fix templates (and their partials) are compiled: by the build and at run time alike. */
const FIX_OPTIONS = {
  strict: true,
  knownHelpers: KNOWN_HELPERS,
  knownHelpersOnly: true,
  noEscape: true,
} as const;
/** The precompiled table's names for these options (src/shared/precompiled.ts). */
const fixKind = (shell: Shell, lang: Lang): string => `fix|${shell}|${lang}`;
const partialKind = (shell: Shell, lang: Lang): string => `fix-partial|${shell}|${lang}`;

const envs = new Map<string, typeof Handlebars | null>();
/** The compiler's environment (`precompiled`: the runtime's, null when a partial is not built). */
function env(shell: Shell, lang: Lang, runtime = false): typeof Handlebars | null {
  const k = `${shell}|${lang}|${runtime}`;
  if (!envs.has(k)) envs.set(k, makeEnv(runtime, shell, lang));
  return envs.get(k)!;
}
const compilerEnv = (shell: Shell, lang: Lang): typeof Handlebars => env(shell, lang)!;

/** What the build precompiles for these rules' fixes (scripts/precompile-templates.mjs). */
export function fixTemplatesToPrecompile(
  rules: readonly { fixShell: Shell; fix: Partial<Record<Lang, string>> | null }[],
): PrecompileEntry[] {
  const out: PrecompileEntry[] = [];
  const langs = new Set<Lang>();
  const shells = new Set<Shell>();
  for (const r of rules)
    for (const [lang, source] of Object.entries(r.fix ?? {}) as [Lang, string][]) {
      langs.add(lang);
      shells.add(r.fixShell);
      out.push({ kind: fixKind(r.fixShell, lang), source, options: FIX_OPTIONS });
    }
  for (const shell of shells)
    for (const lang of langs)
      for (const source of partialSources(shell, lang).values())
        out.push({ kind: partialKind(shell, lang), source, options: FIX_OPTIONS });
  return out;
}

type Node = { type: string; [k: string]: unknown };

/** Problems a template has beyond its syntax: values printed without a typed slot. */
export function slotProblems(template: string): string[] {
  const out: string[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (n === null || typeof n !== 'object') return;
    const node = n as Node;
    if (node.type === 'MustacheStatement') {
      const path = node['path'] as { original?: unknown; type: string };
      const name = typeof path.original === 'string' ? path.original : '';
      const params = (node['params'] as Node[] | undefined) ?? [];
      if (!VALUE_HELPERS.has(name) || params.length === 0)
        out.push(`"{{${name}}}" prints a value without a typed slot (use {{arg "<kind>" …}})`);
      else if (
        name === 'arg' &&
        !(params[0]?.type === 'StringLiteral' && isSlotKind(params[0]['value']))
      )
        out.push(`{{arg}} needs a known slot kind as its first parameter`);
      if (node['escaped'] === false) out.push('unescaped output ({{{ }}})');
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'loc') visit(v);
  };
  visit(hbsFull().parse(template));
  return out;
}

const cache = new Map<string, HandlebarsTemplateDelegate>();

/**
 * The compiled template (cached): the build's when it precompiled this source, else compiled
 * here. `eager` generates its code now, so a rule file's syntax errors surface when it is checked;
 * rendering compiles on first use and needs not pay for it twice.
 */
export function compileFix(
  template: string,
  shell: Shell,
  lang: Lang,
  eager = false,
): HandlebarsTemplateDelegate {
  const key = `${shell}|${lang}|${template}`;
  if (eager) compilerEnv(shell, lang).precompile(template, FIX_OPTIONS);
  let t = cache.get(key);
  if (!t) {
    const spec: TemplateSpec | undefined = precompiled(fixKind(shell, lang), template);
    const runtime = spec ? env(shell, lang, true) : null;
    t =
      spec && runtime
        ? runtime.template(spec)
        : compilerEnv(shell, lang).compile(template, FIX_OPTIONS);
    cache.set(key, t);
  }
  return t;
}

export function isCommentLine(shell: Shell, line: string): boolean {
  return shell === 'cmd' ? /^\s*(rem(\s|$)|::)/i.test(line) : /^\s*#/.test(line);
}

function notShown(kind: SlotKind, lang: Lang): string {
  return lang === 'zh-CN'
    ? `未显示该值：它看起来不像${KIND_NAMES[kind][lang]}；请查看证据`
    : `value not shown: it does not look like a ${KIND_NAMES[kind][lang]}; see the evidence`;
}

/** Applies the slot markers: bad values turn their line into a comment, empty ones drop it. */
function finish(raw: string, shell: Shell, lang: Lang): string {
  const out: string[] = [];
  const rem = shell === 'cmd' ? 'REM ' : '# ';
  for (const line of raw.split(/\r?\n/)) {
    const bad = [...line.matchAll(BAD_RE)].map((m) => m[1] as SlotKind);
    if (bad.length > 0) {
      if (isCommentLine(shell, line))
        out.push(
          line.replace(BAD_RE, (_, k: SlotKind) => `(${notShown(k, lang)})`).replaceAll(EMPTY, ''),
        );
      else out.push(rem + notShown(bad[0]!, lang));
      continue;
    }
    if (line.includes(EMPTY)) continue;
    if (line.trim() === '') continue;
    out.push(line.trimEnd());
  }
  return out.join('\n').trim();
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Deep copy of the render context as plain data: no `__proto__` / `constructor` own keys (JSON
 * from evidence can carry them), no evidence refs, bounded depth. Values stay as they are: the
 * slots check and quote them.
 */
export function plainContext(value: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (Array.isArray(value)) return value.map((v) => plainContext(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (k !== 'evidence' && !FORBIDDEN_KEYS.has(k)) out[k] = plainContext(v, depth + 1);
    return out;
  }
  return value;
}

export interface FixOptions {
  shell: Shell;
  lang: Lang;
  /**
   * Which finding the block is for (rule id and entity key): every `%TEMP%\tls-doctor-<name>.<ext>`
   * file the block writes gets it in its name, so two blocks of one report never back up into
   * the same file (the second `>` / `reg export /y` / `icacls /save` would overwrite the first
   * backup; judge6 S6). The REM lines that name the file for undo get the same name.
   */
  fileTag?: { ruleId: string; entityKey: string };
}

/**
 * A file-name-safe tag of a finding: 8 hex digits of FNV-1a over its rule id and entity key.
 * Not the values themselves: a name like `ipport_10.0.0.5_443` would carry the address past the
 * redactor, which matches whole values only.
 */
export function fixFileTag(tag: { ruleId: string; entityKey: string }): string {
  let h = 0x811c9dc5;
  for (const ch of `${tag.ruleId}|${tag.entityKey}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** `%TEMP%\tls-doctor-sslcert-backup.txt` → `%TEMP%\tls-doctor-sslcert-backup-<tag>.txt`. */
const TEMP_FILE =
  /((?:%TEMP%|\$env:TEMP)\\tls-doctor-[A-Za-z0-9._-]+?)(\.[A-Za-z]{1,5})(?=["'\s)]|$)/gm;

function tagFiles(text: string, tag: FixOptions['fileTag']): string {
  if (!tag) return text;
  const t = fixFileTag(tag);
  return text.replace(TEMP_FILE, (_, name: string, ext: string) => `${name}-${t}${ext}`);
}

export function renderFix(
  template: string,
  context: Record<string, unknown>,
  { shell, lang, fileTag }: FixOptions,
): string {
  const idn = new Map<string, string>();
  const raw = compileFix(
    template,
    shell,
    lang,
  )(plainContext(context), {
    data: { shell, lang, idn },
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  });
  return tagFiles(idnNotes(idn, shell, lang) + finish(raw, shell, lang), fileTag);
}

/**
 * One comment line per internationalized name the fix gives in its A-label (punycode) form, so
 * the engineer can match `xn--bcher-kva.contoso.de:443` to the `bücher.contoso.de:443` of the
 * evidence. ASCII in the commands: a batch file's code page cannot garble it.
 */
function idnNotes(idn: ReadonlyMap<string, string>, shell: Shell, lang: Lang): string {
  const rem = shell === 'cmd' ? 'REM ' : '# ';
  let out = '';
  for (const [shown, ascii] of idn) {
    const a = commentText(shell, shown);
    if (a === null) continue;
    out +=
      lang === 'zh-CN'
        ? `${rem}${a} 在下面的命令中写作其 IDNA（punycode）形式 ${ascii}：客户端在 SNI 中发送、HTTP.sys 匹配的正是这一形式（若 netsh 按此名称找不到现有条目，请按证据中显示的名称操作）。\n`
        : `${rem}${a} is written below in its IDNA (punycode) form ${ascii}: the form clients send in SNI and HTTP.sys matches (if netsh finds no entry by it, name the entry as the evidence shows).\n`;
  }
  return out;
}

/**
 * The fix as `explain` prints it: rendered with a case's facts (which picks the branches), every
 * slot shown as its placeholder name (`<binding endpoint>`).
 */
export function renderFixPlaceholders(
  template: string,
  context: Record<string, unknown>,
  { shell, lang }: FixOptions,
): string {
  // Each slot names itself after the path it reads: `{{arg "endpoint" binding.endpoint}}` →
  // `<binding endpoint>`; `this` inside #each → the kind's name.
  const named = template.replace(
    /\{\{(arg\s+"([A-Za-z]+)"|text|join)\s+([A-Za-z0-9_.]+)([^}]*)\}\}/g,
    (all, _h: string, kind: string | undefined, path: string, rest: string) => {
      const label =
        path === 'this' || path.startsWith('this.')
          ? kind && isSlotKind(kind)
            ? KIND_NAMES[kind][lang]
            : path.replace(/^this\.?/, '') || 'item'
          : path
              .replace(/([a-z])([A-Z])/g, '$1 $2')
              .replace(/\./g, ' ')
              .toLowerCase();
      return all.replace(`${path}${rest}}}`, `${path}${rest} name="${label}"}}`);
    },
  );
  const raw = compileFix(
    named,
    shell,
    lang,
  )(plainContext(context), {
    data: { shell, lang, placeholders: true },
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  });
  return finish(raw, shell, lang);
}
