/// <reference lib="dom" />
/**
 * Every sample's report, and the fleet report of all of them, as a support engineer reads them in
 * Debian's Chromium: no horizontal page scroll at 420 px (a phone) and 1400 px with every section
 * open, in English and Chinese; the ticket summary copies what `-f summary` prints; and a zh-CN
 * report shows no English word that is not code, an evidence value or on a short allow-list.
 *
 * Skipped, saying so, when /usr/bin/chromium is absent (.ci/run installs Debian's `chromium`).
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { LANGS, type Lang } from '../engine/rule.js';
import { loadRules } from '../engine/load-rules.js';
import { buildFleetModel, fleetFingerprint } from './fleet.js';
import { buildReportModel, type ReportModel } from './model.js';
import { Redactor, redactModel } from './redact.js';
import { renderFleetHtml, renderHtml } from './render-html.js';
import { SUMMARY_MAX_LINES, ticketSummary } from './summary.js';
import { haveChromium, launchChromium } from '../test-support/browser.js';

const root = new URL('../../samples/', import.meta.url).pathname;
const SAMPLES = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());
const NOW = new Date('2026-11-21T00:00:00Z');
const WIDTHS = [420, 1400] as const;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-browser-samples-'));

/**
 * Words a Chinese report may show in Latin letters: product, protocol and Windows names that
 * Chinese Windows itself shows untranslated.
 */
const ALLOWED = new Set(
  [
    'tls-doctor',
    'Schannel',
    'HTTP',
    'HTTPS',
    'HTTP.sys',
    'TLS',
    'SSL',
    'DTLS',
    'IIS',
    // IIS Express, the developer web server (its name, not a sentence)
    'Express',
    'CAPI',
    'CAPI2',
    // Event sources as Chinese Windows' Event Viewer shows them.
    'HttpEvent',
    'WAS',
    'W3SVC',
    'CNG',
    'CryptoAPI',
    'Windows',
    'Server',
    'SYSTEM',
    'ACL',
    'SNI',
    'SAN',
    // HTTP.sys URL reservations: Chinese Windows' netsh help says "URL 保留" too.
    'URL',
    'EKU',
    'PID',
    'XML',
    'JSON',
    'PowerShell',
    'Microsoft',
    'MachineKeys',
    'Keys',
    'lsass',
    'Administrators',
    'Everyone',
    'Authenticated',
    'Users',
    'RSA',
    'ECDSA',
    'SHA',
    'NET',
    'IPv4',
    'IPv6',
    'Enabled',
    'DisabledByDefault',
    'TCP',
    // TCP's connection request, as Chinese networking texts name it (tcp-connection-refused).
    'SYN',
    // Its answer, in the same texts (tcp-syn-unanswered: no SYN-ACK came back).
    'SYN-ACK',
    'ClientHello',
    'ServerHello',
    // "系统加密：将 FIPS 兼容算法用于…": Chinese Windows keeps the name
    'FIPS',
    'UTC',
    // Revocation terms Windows' Chinese UI keeps in English (CRL 分发点, OCSP).
    'CRL',
    'OCSP',
    'AppId',
    'DNS',
    'CCS',
    'Root',
    // Command and binding-type names the inventory columns list (sources, netsh entry types).
    'netsh',
    'netstat',
    'tcp-listeners',
    'certutil',
    // certutil's option in the binding inventory's "请运行 certutil -store MY <hash>" note.
    'store',
    'icacls',
    'ipport',
    'hostnameport',
    'ccs',
    // The Command Prompt's file name in the fix block's shell label.
    'cmd.exe',
    // IIS configuration attribute, as IIS Manager's Configuration Editor shows it.
    'sslFlags',
    // A host name from the capture (lower-case, so the enum filter above does not count it).
    'localhost',
  ].map((w) => w.toLowerCase()),
);

/** Every string value of the facts: evidence values (names, subjects, paths) may be any script. */
function evidenceValues(value: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 8) return out;
  if (typeof value === 'string') {
    // Lower-case single words are the facts' enums ('usable', 'error'): those must be translated.
    if (value.length >= 3 && !/^[a-z-]+$/.test(value)) {
      out.add(value);
      for (const part of value.split(/,\s*/)) if (part.length >= 3) out.add(part);
    }
  } else if (Array.isArray(value)) for (const v of value) evidenceValues(v, out, depth + 1);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) evidenceValues(v, out, depth + 1);
  return out;
}

/**
 * Words of 3+ ASCII letters a zh-CN page shows outside code, evidence values (`values`, whole
 * values only) and the allow-list.
 */
async function leaks(page: Page, values: readonly string[]): Promise<string[]> {
  const text: string[] = await page.evaluate(() => {
    // Rule titles and explanations are checked for Chinese by src/report/i18n.test.ts; they
    // name registry values and Windows terms as Windows shows them.
    // Collection-log messages are worded from their codes (src/report/log-text.ts); what a
    // parser quoted from its input is set as code.
    const skip = 'code, pre, script, style, svg, .rule-id, time, .rule-text';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest(skip)) continue;
      if (n.textContent && n.textContent.trim()) out.push(n.textContent);
    }
    for (const e of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]')))
      for (const a of ['placeholder', 'title', 'aria-label'])
        if (e.getAttribute(a)) out.push(e.getAttribute(a)!);
    out.push(document.title);
    return out;
  });
  const leaks: string[] = [];
  for (let t of text) {
    // Evidence values (site names, subjects, providers, paths) are shown as collected.
    // Only whole values: a value inside a word ("Power" in "PowerShell") must not hide the rest.
    for (const v of values)
      if (t.includes(v))
        t = t.replace(
          new RegExp(`(?<![A-Za-z])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'g'),
          ' ',
        );
    for (const word of t.match(/[A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9]/g) ?? []) {
      const letters = word.match(/[A-Za-z]{3,}/);
      if (!letters) continue;
      // Identifiers: code names with underscores or digits (NTE_BAD_KEYSET, 0x80090016), hex.
      if (/[_\d]/.test(word) || /^[0-9a-f]{8,}$/i.test(word)) continue;
      if (ALLOWED.has(word.toLowerCase()) || ALLOWED.has(word.replace(/\.$/, '').toLowerCase()))
        continue;
      leaks.push(`${word}  ←  ${t.trim().slice(0, 100)}`);
    }
  }
  return leaks;
}

interface Written {
  file: Record<Lang, string>;
  model: Record<Lang, ReportModel>;
  values: string[];
}
const written = new Map<string, Written>();
const fleetFile = {} as Record<Lang, string>;
let fleetValues: string[] = [];
let redacted: { file: string; model: ReportModel; host: string } | undefined;
let ctx: BrowserContext | undefined;

const HAVE_BROWSER = haveChromium();

describe.skipIf(!HAVE_BROWSER)('every sample report in Chromium', () => {
  beforeAll(async () => {
    const servers: Record<Lang, Parameters<typeof buildFleetModel>[1][number][]> = {
      en: [],
      'zh-CN': [],
    };
    const allValues = new Set<string>();
    for (const name of SAMPLES) {
      const a = await analyze([join(root, name)]);
      const w: Written = {
        file: {} as Record<Lang, string>,
        model: {} as Record<Lang, ReportModel>,
        values: [
          // The report names the input path when no host name was collected.
          ...evidenceValues(
            a.facts,
            new Set([...a.evaluation.findings.map((f) => f.ruleId), join(root, name)]),
          ),
        ].sort((x, y) => y.length - x.length),
      };
      for (const lang of LANGS) {
        const m = buildReportModel(a, { lang, now: NOW, toolVersion: '0.0.0' });
        const file = join(tmp, `${name}.${lang}.html`);
        writeFileSync(file, renderHtml(m));
        w.file[lang] = file;
        w.model[lang] = m;
      }
      written.set(name, w);
      for (const v of w.values) allValues.add(v);
      // Each server's model in the fleet's language, as the CLI links them.
      for (const lang of LANGS)
        servers[lang].push({
          id: name,
          model: w.model[lang],
          fingerprint: fleetFingerprint(a.facts, a.evaluation.findings),
          error: null,
        });
      if (name === 's2-machinekeys-permissions') {
        const red = redactModel(w.model.en, new Redactor(), [a.facts]);
        const file = join(tmp, `${name}.redacted.html`);
        writeFileSync(file, renderHtml(red));
        redacted = { file, model: red, host: a.facts.host.name ?? '' };
      }
    }
    fleetValues = [...allValues, ...SAMPLES, 'samples'].sort((x, y) => y.length - x.length);
    for (const lang of LANGS) {
      fleetFile[lang] = join(tmp, `fleet.${lang}.html`);
      writeFileSync(
        fleetFile[lang],
        renderFleetHtml(
          buildFleetModel('samples', servers[lang], {
            lang,
            now: NOW,
            toolVersion: '0.0.0',
            rules: loadRules(),
          }),
        ),
      );
    }
    ctx = await launchChromium(mkdtempSync(join(tmp, 'profile-')));
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function open(file: string, width: number): Promise<{ page: Page; errors: string[] }> {
    const page = await ctx!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setViewportSize({ width, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, errors };
  }

  /** Page width with every section open (folded sections hide what could be too wide). */
  const pageWidth = (page: Page): Promise<number> =>
    page.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true));
      return document.documentElement.scrollWidth;
    });

  /**
   * Copy buttons whose box meets the box of the first line of the text they copy (every fix
   * block and the ticket summary): the line's boxes come from a Range over its characters, so a
   * wrapped first line counts with every piece. Also fails when there is nothing to measure.
   */
  const copyOverlaps = (page: Page): Promise<string[]> =>
    page.evaluate(() => {
      const out: string[] = [];
      const blocks = Array.from(document.querySelectorAll('.fix, .ticket-box'));
      for (const [i, block] of blocks.entries()) {
        const button = block.querySelector('button.copy');
        const pre = block.querySelector('pre');
        const text = pre ? document.createTreeWalker(pre, NodeFilter.SHOW_TEXT).nextNode() : null;
        if (!button || !text || !text.textContent) {
          out.push(`block ${i}: no button or text to measure`);
          continue;
        }
        const b = button.getBoundingClientRect();
        const end = text.textContent.indexOf('\n');
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, end < 0 ? text.textContent.length : end);
        const lines = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        if (b.width === 0 || lines.length === 0) out.push(`block ${i}: nothing measured`);
        for (const r of lines)
          if (b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom)
            out.push(`block ${i}: button ${JSON.stringify(b)} meets line ${JSON.stringify(r)}`);
      }
      return out;
    });

  it.each(SAMPLES)(
    '%s: no horizontal page scroll and no copy button over its first line at 420 and 1400 px, on screen and printed, in English and Chinese',
    async (name) => {
      for (const lang of LANGS)
        for (const width of WIDTHS) {
          const { page, errors } = await open(written.get(name)!.file[lang], width);
          expect(await pageWidth(page), `${lang} at ${width} px`).toBeLessThanOrEqual(width);
          expect(await copyOverlaps(page), `${lang} at ${width} px`).toEqual([]);
          // Printed, nothing scrolls: tables and evidence wrap onto the page.
          await page.emulateMedia({ media: 'print' });
          expect(await pageWidth(page), `${lang} printed at ${width} px`).toBeLessThanOrEqual(
            width,
          );
          expect(errors).toEqual([]);
          await page.close();
        }
    },
  );

  it.each(WIDTHS)(
    'the fleet report of every sample has no horizontal page scroll at %i px, in English and Chinese',
    async (width) => {
      for (const lang of LANGS) {
        const { page, errors } = await open(fleetFile[lang], width);
        expect(await pageWidth(page), `${lang} at ${width} px`).toBeLessThanOrEqual(width);
        // The severity columns are inside a box that scrolls, never cut off by the page.
        const last = page.locator('#servers th').last();
        expect(await last.isVisible()).toBe(true);
        expect(errors).toEqual([]);
        await page.close();
      }
    },
  );

  it('the zh-CN fleet report shows no English outside code and evidence, and names what is affected', async () => {
    const { page } = await open(fleetFile['zh-CN'], 1400);
    expect(await leaks(page, fleetValues)).toEqual([]);
    // Affected entities by name ("HTTP.sys 绑定 0.0.0.0:443"), never by entity key.
    const on = (await page.locator('#findings td').allTextContents()).join('\n');
    expect(on).not.toMatch(/\b(ipport|hostnameport|site\/\d+\/https|eventGroup)[:/]/);
    await page.close();
  });

  it.each(SAMPLES)(
    '%s: the zh-CN report shows no English outside code and evidence',
    async (name) => {
      const w = written.get(name)!;
      const { page } = await open(w.file['zh-CN'], 1400);
      expect(await leaks(page, w.values)).toEqual([]);
      await page.close();
    },
  );

  it.each(SAMPLES)(
    '%s: "Copy ticket summary" copies the summary `-f summary` prints',
    async (name) => {
      const w = written.get(name)!;
      for (const lang of LANGS) {
        const { page, errors } = await open(w.file[lang], 420);
        await page.click('#ticket summary');
        await page.click('#copy-ticket');
        const clip = await page.evaluate(() => navigator.clipboard.readText());
        expect(clip).toBe(ticketSummary(w.model[lang]));
        expect(clip.split('\n').length).toBeLessThan(15);
        // The verdict's root cause; a report with only info findings has none.
        const root = w.model[lang].verdict.rootCause;
        if (root) expect(clip).toContain(root.title);
        else expect(clip).not.toContain(lang === 'en' ? 'Root cause' : '根本原因');
        expect(errors).toEqual([]);
        await page.close();
      }
    },
  );

  it('the ticket summary of a redacted report names no host', async () => {
    const { file, model, host } = redacted!;
    const { page } = await open(file, 1400);
    const shown = (await page.textContent('#ticket-summary')) ?? '';
    expect(shown).toBe(ticketSummary(model));
    expect(host.length).toBeGreaterThan(0);
    expect(shown).not.toContain(host);
    expect(shown.split('\n').length).toBeLessThanOrEqual(SUMMARY_MAX_LINES);
    await page.close();
  });
});
