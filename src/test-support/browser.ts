/**
 * Debian's Chromium for the browser tests and the README screenshot: headless, no sandbox (CI
 * containers), no GPU, no background networking, component updates, sync or first-run work, and
 * a fresh profile each time.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; TLS_DOCTOR_CHROMIUM points elsewhere (or nowhere, to see the skip). */
export const CHROMIUM = process.env['TLS_DOCTOR_CHROMIUM'] ?? '/usr/bin/chromium';

export const haveChromium = (): boolean => existsSync(CHROMIUM);

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts Chromium on a fresh, empty user-data-dir (playwright passes it as --user-data-dir). */
export function launchChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: BROWSER_ARGS,
  });
}
