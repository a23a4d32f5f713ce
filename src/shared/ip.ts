/**
 * IP address literals as node:net's `isIP`, `isIPv4` and `isIPv6` accept them (the same grammar:
 * dotted-quad IPv4 without leading zeros; IPv6 in eight groups, `::` once, an IPv4 tail in the
 * last 32 bits, an optional `%zone`), without loading node:net: it brings its socket and stream
 * modules and took ~5 ms of every run's start (docs/benchmarks.md "Start-up", round 14).
 * ip.test.ts holds these to node:net's answers on generated strings.
 */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4 = `(?:${OCTET}\\.){3}${OCTET}`;
const H = '[0-9a-fA-F]{1,4}';

/** After `k` leading `group:`s (k = 7 … 0), what may end the address. */
function tail(k: number): string {
  if (k === 7) return `(?:${H}|:)`;
  if (k === 6) return `(?:${V4}|:${H}|:)`;
  const rest = `(?:(?::${H}){0,${5 - k}}:${V4}|(?::${H}){1,${7 - k}}|:)`;
  return k === 0 ? `:${rest}` : rest;
}

const IPV4 = new RegExp(`^${V4}$`);
const IPV6 = new RegExp(
  `^(?:${[7, 6, 5, 4, 3, 2, 1, 0]
    .map((k) => (k === 0 ? `(?:${tail(0)})` : `(?:${H}:){${k}}${tail(k)}`))
    .join('|')})(?:%[0-9a-zA-Z.:-]{1,})?$`,
);

export const isIPv4 = (s: string): boolean => IPV4.test(s);
export const isIPv6 = (s: string): boolean => IPV6.test(s);
/** 4, 6, or 0 when `s` is neither. */
export const isIP = (s: string): 0 | 4 | 6 => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);
