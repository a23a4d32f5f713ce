/**
 * The source with every non-ASCII UTF-16 unit written as `\uXXXX` (scripts/bundle.mjs, on the
 * CommonJS bundle dist/cli-main.cjs), so that the launcher reads it as Latin-1 (~1 ms) instead of
 * decoding UTF-8 (~16 ms a run, and V8 then holds a two-byte string; docs/benchmarks.md
 * "Start-up", round 14).
 *
 * esbuild escapes strings and templates but leaves regular expression literals as written (the
 * zh, de, fr words of the parsers), and comments. In a regular expression `\uXXXX` is the same
 * character with or without the `u` flag, in a class too, and a pair of surrogate escapes is one
 * code point under `u`. A backslash before a non-ASCII character is an identity escape (an error
 * under `u`, the character itself without), so it is dropped rather than left to escape the
 * backslash of `\u`. Not for raw template strings (`String.raw`), whose text would change: the
 * bundle has none with non-ASCII text (src/built-cli.test.ts).
 */
export function asciiOnly(source: string): string {
  return source.replace(/(\\*)([^\0-\x7f])/g, (_, slashes: string, ch: string) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
