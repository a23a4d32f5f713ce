/// <reference lib="dom" />
/**
 * The reports in a real browser: Debian's Chromium (headless, fresh profile, no background
 * networking) driven by playwright-core opens generated reports of several samples from file://.
 * No console error (a CSP violation is one), no network request of any kind, the filter, copy,
 * expand/collapse, theme and print work, and hostile evidence (markup in a certificate subject, an
 * event field, a host name) is shown as text and never executed.
 *
 * Skipped, saying so, when /usr/bin/chromium is absent (.ci/run installs Debian's `chromium`).
 */
import { copySample } from '../test-support/sample-copy.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import type { Lang } from '../engine/rule.js';
import { buildDiff } from './diff.js';
import { buildFleetModel, fleetFingerprint } from './fleet.js';
import { buildReportModel, type ReportModel } from './model.js';
import { Redactor, redactModel } from './redact.js';
import { renderDiffHtml, renderFleetHtml, renderHtml } from './render-html.js';
import { CHROMIUM, haveChromium, launchChromium } from '../test-support/browser.js';

const HAVE_BROWSER = haveChromium();
if (!HAVE_BROWSER)
  // eslint-disable-next-line no-console
  console.warn(
    `report/browser: SKIPPED — ${CHROMIUM} not found (install Debian's chromium to run the browser tests)`,
  );

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-browser-'));
const NOW = new Date('2026-11-21T00:00:00Z');
const sample = (name: string) => join(root, 'samples', name);

// Each payload would set a global or open a dialog if it ever ran.
const CERT_SUBJECT = 'CN=<img src=x onerror="window.__pwned=1">, O=<b>Evil & Co</b>';
const HOST_NAME = '<script>window.__pwned=2</script>WEB';
const SNI_NAME = '<svg/onload=window.__pwned=3>';
const BUNDLE_NAME = 'web<img src=x onerror="window.__pwned=5">.zip';
const EVENT_FIELD = '<iframe src="javascript:window.__pwned=4"></iframe>';

/** healthy + a certificate subject, a host name and an SNI host name that carry markup. */
function hostileCertBundle(): string {
  return copySample(
    'healthy',
    join(tmp, 'hostile-cert'),
    {
      'certificates/store.json': (text) => {
        const store = JSON.parse(text) as { certificates: { Subject: string }[] };
        store.certificates[0]!.Subject = CERT_SUBJECT;
        return JSON.stringify(store, null, 2);
      },
      // Without the DER file the store listing is where the subject comes from.
      'certificates/My': null,
      'httpsys/netsh-http-show-sslcert.txt': (text) =>
        `${text}\n    Hostname:port                : ${SNI_NAME}:443\n    Certificate Hash             : \n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\n    Certificate Store Name       : MY\n`,
    },
    (m) => {
      m.host['name'] = HOST_NAME;
    },
  );
}

/** s2-machinekeys-permissions with markup in an event data field (XML-escaped, as wevtutil writes it). */
function hostileEventBundle(): string {
  const escaped = EVENT_FIELD.replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return copySample('s2-machinekeys-permissions', join(tmp, 'hostile-event'), {
    'events/system-schannel.xml': (text) => {
      const lines = text.split('\n');
      lines[1] = lines[1]!.replace(
        /<Computer>[^<]*<\/Computer>/,
        `<Computer>${escaped}</Computer>`,
      );
      lines[2] = lines[2]!.replace(
        "<Data Name='Type'>server</Data>",
        `<Data Name='Type'>${escaped}</Data>`,
      );
      return lines.join('\n');
    },
  });
}

async function model(dir: string, lang: Lang = 'en'): Promise<ReportModel> {
  return buildReportModel(await analyze([dir]), { lang, now: NOW, toolVersion: 'test' });
}

const reports = new Map<string, { file: string; model?: ReportModel }>();
let ctx: BrowserContext | undefined;

describe.skipIf(!HAVE_BROWSER)('report in Chromium', () => {
  beforeAll(async () => {
    const write = (name: string, html: string, m?: ReportModel): void => {
      const file = join(tmp, `${name}.html`);
      writeFileSync(file, html);
      reports.set(name, m ? { file, model: m } : { file });
    };
    const s4 = await model(sample('s4-empty-hash'));
    write('s4-empty-hash', renderHtml(s4), s4);
    const mismatch = await model(sample('iis-httpsys-mismatch'));
    write('iis-httpsys-mismatch', renderHtml(mismatch), mismatch);
    const s2zh = await model(sample('s2-machinekeys-permissions'), 'zh-CN');
    write('s2-machinekeys-permissions.zh-CN', renderHtml(s2zh), s2zh);
    const healthy = await model(sample('healthy'));
    write('healthy', renderHtml(healthy), healthy);
    const r = await analyze([sample('iis-httpsys-mismatch')]);
    const red = redactModel(mismatch, new Redactor(), [r.facts]);
    write('iis-httpsys-mismatch.redacted', renderHtml(red), red);
    write('diff', renderDiffHtml(buildDiff(s4, healthy, { now: NOW, toolVersion: 'test' })));
    const servers = await Promise.all(
      ['healthy', 's4-empty-hash'].map(async (id) => {
        const a = await analyze([sample(id)]);
        return {
          // A bundle file name is evidence too: one of them carries markup.
          id: id === 'healthy' ? BUNDLE_NAME : id,
          model: buildReportModel(a, { lang: 'en', now: NOW, toolVersion: 'test' }),
          fingerprint: fleetFingerprint(a.facts, a.evaluation.findings),
          error: null,
        };
      }),
    );
    write(
      'fleet',
      renderFleetHtml(
        buildFleetModel('farm', servers, { lang: 'en', now: NOW, toolVersion: 'test', rules: [] }),
      ),
    );
    // Both samples claim WEB01 collected at the same second with other files (src/fleet-dedupe.ts):
    // the fleet page then has its "same server" section and a note on each row.
    write(
      'fleet-same-server',
      renderFleetHtml(
        buildFleetModel('farm', servers, {
          lang: 'en',
          now: NOW,
          toolVersion: 'test',
          rules: [],
          clashes: [
            {
              hostName: 'WEB01',
              collectedAt: '2026-11-20T09:14:31.000Z',
              bundles: [BUNDLE_NAME, 's4-empty-hash'],
            },
          ],
        }),
      ),
    );
    const hc = await model(hostileCertBundle());
    write('hostile-cert', renderHtml(hc), hc);
    const he = await model(hostileEventBundle());
    write('hostile-event', renderHtml(he), he);
    ctx = await launchChromium(mkdtempSync(join(tmp, 'profile-')));
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  interface Opened {
    page: Page;
    errors: string[];
    requests: string[];
    dialogs: string[];
  }

  async function open(name: string): Promise<Opened> {
    const page = await ctx!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(reports.get(name)!.file).href, { waitUntil: 'load' });
    return { page, errors, requests, dialogs };
  }

  const NAMES = [
    's4-empty-hash',
    'iis-httpsys-mismatch',
    's2-machinekeys-permissions.zh-CN',
    'healthy',
    'iis-httpsys-mismatch.redacted',
    'diff',
    'fleet',
    'fleet-same-server',
    'hostile-cert',
    'hostile-event',
  ];

  it.each(NAMES)(
    '%s: loads with no console error and makes no network request at all',
    async (name) => {
      const { page, errors, requests } = await open(name);
      // Let anything deferred (images, fonts, prefetch) have its chance to show up.
      await page.waitForTimeout(200);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      expect(requests.filter((u) => u.startsWith('file:'))).toHaveLength(1);
      await page.close();
    },
  );

  it('filters findings by text and by severity', async () => {
    const { page, errors } = await open('iis-httpsys-mismatch');
    const m = reports.get('iis-httpsys-mismatch')!.model!;
    const visible = () => page.locator('.finding:visible').count();
    expect(m.findings.length).toBeGreaterThan(2);
    expect(await visible()).toBe(m.findings.length);
    const target = m.findings.find((f) => f.ruleId === 'iis-ccs-binding-without-ccs-entry')!;
    await page.fill('#filter-text', target.ruleId);
    expect(await visible()).toBe(m.findings.filter((f) => f.ruleId === target.ruleId).length);
    expect(await page.textContent('#filter-shown')).toBe(
      String(m.findings.filter((f) => f.ruleId === target.ruleId).length),
    );
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-severity', 'high');
    expect(await visible()).toBe(m.findings.filter((f) => f.severity === 'high').length);
    for (const s of await page
      .locator('.finding:visible')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-severity'))))
      expect(s).toBe('high');
    await page.selectOption('#filter-severity', '');
    // A count in the verdict is a filter too.
    await page.click('button.count-filter[data-severity="critical"]');
    expect(await page.inputValue('#filter-severity')).toBe('critical');
    expect(await visible()).toBe(m.findings.filter((f) => f.severity === 'critical').length);
    await page.selectOption('#filter-severity', '');
    await page.fill('#filter-text', 'no finding has this text');
    expect(await visible()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('copies a fix command to the clipboard', async () => {
    const { page, errors } = await open('s4-empty-hash');
    const m = reports.get('s4-empty-hash')!.model!;
    const button = page.locator('.finding button.copy').first();
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(m.findings[0]!.fix);
    expect(clip).toContain('netsh http delete sslcert ipport=0.0.0.0:443');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('expands and collapses every section, switches light/dark, and prints without the toolbar', async () => {
    const { page, errors } = await open('s2-machinekeys-permissions.zh-CN');
    await page.click('#collapse-all');
    expect(await page.locator('details[open]').count()).toBe(0);
    await page.click('#expand-all');
    expect(await page.locator('details:not([open])').count()).toBe(0);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await bg();
    await page.click('#theme-toggle');
    const dark = await bg();
    expect(dark).not.toBe(light);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
    expect(await bg()).toBe(dark);
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('.copy').first().isVisible()).toBe(false);
    // The event timeline is an inline SVG chart.
    expect(await page.locator('#event-timeline svg rect').count()).toBeGreaterThan(0);
    expect(await page.textContent('html')).toContain('结论');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fleet: bundles that claim the same server get their section and a note on each row', async () => {
    const { page, errors } = await open('fleet-same-server');
    const section = page.locator('.same-host-bundles');
    expect(await section.isVisible()).toBe(true);
    expect(await section.locator('h3').textContent()).toBe('Bundles that claim the same server');
    const item = (await section.locator('li').textContent()) ?? '';
    expect(item).toMatch(/2 bundles claim host WEB01 collected at 2026-11-20T09:14:31/);
    expect(item).toContain('s4-empty-hash');
    // Each row of the two names the other bundle, visibly; the fleet without a clash has none.
    const rows = page.locator('tr.same-host');
    expect(await rows.count()).toBe(2);
    for (const r of await rows.all()) expect(await r.isVisible()).toBe(true);
    expect(await rows.nth(0).textContent()).toContain('same host and collection time as');
    expect(errors).toEqual([]);
    await page.close();
    const plain = await open('fleet');
    expect(await plain.page.locator('.same-host-bundles, tr.same-host').count()).toBe(0);
    await plain.page.close();
  });

  it.each([
    ['hostile-cert', [CERT_SUBJECT, HOST_NAME, SNI_NAME]],
    ['hostile-event', [EVENT_FIELD]],
    ['fleet', [BUNDLE_NAME]],
    ['fleet-same-server', [BUNDLE_NAME]],
  ] as const)('%s: shows hostile evidence as text and never runs it', async (name, payloads) => {
    const { page, errors, requests, dialogs } = await open(name);
    await page.waitForTimeout(200);
    const text = (await page.textContent('body')) ?? '';
    for (const p of payloads) expect(text, p).toContain(p);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    expect(dialogs).toEqual([]);
    // No element the evidence names exists; the one script is ours.
    expect(await page.locator('img, iframe, b, object, embed').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(
      await page.evaluate(
        () =>
          Array.from(document.querySelectorAll('*')).filter((e) =>
            Array.from(e.attributes).some((a) => a.name.startsWith('on')),
          ).length,
      ),
    ).toBe(0);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });
});
