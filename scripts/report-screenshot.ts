// Writes docs/report-screenshot.png (the README's picture: samples/iis-httpsys-mismatch, English,
// 1100 px) and docs/screenshots/<sample>.<lang>.<width>.png: three samples at 1400 and 420 px in
// English and Chinese, rendered by Debian's Chromium. Run by hand after changing the report's look:
//   npx tsx scripts/report-screenshot.ts
// The report names a CJK font stack every OS ships (Microsoft YaHei, PingFang SC, Noto Sans CJK
// SC); on a Linux machine without one, Chinese shows as boxes: Debian's fonts-noto-cjk has it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { analyze } from '../src/analyze.js';
import type { Lang } from '../src/engine/rule.js';
import { buildReportModel } from '../src/report/model.js';
import { renderHtml } from '../src/report/render-html.js';
import { haveChromium, launchChromium, CHROMIUM } from '../src/test-support/browser.js';

if (!haveChromium()) {
  console.error(`${CHROMIUM} not found: install Debian's chromium`);
  process.exit(2);
}
try {
  if (
    !/CJK|YaHei|PingFang/i.test(
      execFileSync('fc-list', ['-f', '%{family}\n'], { encoding: 'utf8' }),
    )
  )
    console.warn(
      'no CJK font found (fc-list): Chinese screenshots will show boxes; apt-get install fonts-noto-cjk',
    );
} catch {
  // No fontconfig: nothing to check.
}

const SAMPLES = ['iis-httpsys-mismatch', 's2-machinekeys-permissions', 's5-protocol-mismatch'];
const WIDTHS = [1400, 420];
const LANGS: Lang[] = ['en', 'zh-CN'];
const docs = new URL('../docs/', import.meta.url).pathname;
const shots = join(docs, 'screenshots');
mkdirSync(shots, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-shot-'));

/** The first finding open, the others folded: verdict, list and one finding with its evidence. */
const firstOpen = (page: Page) =>
  page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('details.finding')) as HTMLDetailsElement[];
    all.forEach((d, i) => (d.open = i === 0));
  });

try {
  const ctx = await launchChromium(join(tmp, 'profile'));
  const page = await ctx.newPage();
  await page.emulateMedia({ colorScheme: 'light' });
  for (const name of SAMPLES) {
    const result = await analyze([new URL(`../samples/${name}/`, import.meta.url).pathname]);
    for (const lang of LANGS) {
      const model = buildReportModel(result, {
        lang,
        now: new Date('2026-11-21T09:30:00Z'),
        toolVersion: '0.1.0',
      });
      model.input.source = `${model.host.name ?? 'WEB01'}-tls-evidence.zip`;
      const file = join(tmp, `${name}.${lang}.html`);
      writeFileSync(file, renderHtml(model));
      const targets: [number, string][] = WIDTHS.map((w) => [
        w,
        join(shots, `${name}.${lang}.${w}.png`),
      ]);
      if (name === 'iis-httpsys-mismatch' && lang === 'en')
        targets.push([1100, join(docs, 'report-screenshot.png')]);
      for (const [width, out] of targets) {
        await page.setViewportSize({ width, height: width < 600 ? 1600 : 1000 });
        await page.goto(pathToFileURL(file).href);
        await firstOpen(page);
        await page.screenshot({ path: out });
        console.log(`${out}: ${statSync(out).size} bytes`);
      }
    }
  }
  await ctx.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
