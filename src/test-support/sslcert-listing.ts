/**
 * `netsh http show sslcert` listings for facts tests, built on the real short field set
 * (src/parsers/netsh-sslcert.sample.en-win10-short-field-set.txt) with each entry's endpoint line
 * under the label a test chooses (`IP:port`, `Hostname:port`, `Central Certificate Store`).
 */
import { readFileSync } from 'node:fs';

const REAL = readFileSync(
  new URL('../parsers/netsh-sslcert.sample.en-win10-short-field-set.txt', import.meta.url),
  'utf8',
);
const FIELDS = REAL.split(/\r?\n/).filter((l) => /^\s{4}\S/.test(l) && !/IP:port/.test(l));

/** One entry: the endpoint line under `label`, then the real sample's other fields. */
export const entry = (label: string, endpoint: string): string =>
  [`    ${label.padEnd(29)}: ${endpoint}`, ...FIELDS, ''].join('\r\n');

/** A whole listing of `entries`, with netsh's heading. */
export const listing = (...entries: string[]): string =>
  ['', 'SSL Certificate bindings:', '-------------------------', '', ...entries].join('\r\n');
