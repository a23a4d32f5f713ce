// Writes docs/report-screenshot.png: the top of a real report (samples/iis-httpsys-mismatch)
// rendered by Debian's Chromium. Run by hand after changing the report's look:
//   npx tsx scripts/report-screenshot.ts
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../src/analyze.js';
import { buildReportModel } from '../src/report/model.js';
import { renderHtml } from '../src/report/render-html.js';
import { haveChromium, launchChromium, CHROMIUM } from '../src/test-support/browser.js';

if (!haveChromium()) {
  console.error(`${CHROMIUM} not found: install Debian's chromium`);
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-shot-'));
try {
  const sample = new URL('../samples/iis-httpsys-mismatch/', import.meta.url).pathname;
  const model = buildReportModel(await analyze([sample]), {
    lang: 'en',
    now: new Date('2026-11-21T09:30:00Z'),
    toolVersion: '0.1.0',
  });
  model.input.source = 'WEB01-tls-evidence.zip';
  const file = join(tmp, 'report.html');
  writeFileSync(file, renderHtml(model));
  const ctx = await launchChromium(join(tmp, 'profile'));
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1100, height: 1000 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(pathToFileURL(file).href);
  // The first finding open, the others folded, so the shot shows verdict, list and one finding.
  await page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('details.finding')) as HTMLDetailsElement[];
    all.forEach((d, i) => (d.open = i === 0));
  });
  const out = new URL('../docs/report-screenshot.png', import.meta.url).pathname;
  await page.screenshot({ path: out });
  await ctx.close();
  console.log(`${out}: ${statSync(out).size} bytes`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
