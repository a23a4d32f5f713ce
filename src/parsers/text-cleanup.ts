/**
 * Undoes what mail, chat, Markdown and consoles do to command output before a parser sees it:
 * `> ` quoting (nested too), trailing spaces and tabs, Markdown code-block indentation, shell
 * prompts and the echoed command line. Parsers call these per line and keep original line numbers.
 */

/** Removes leading quote markers (`>`, `> >`, `>>`) and trailing whitespace. */
export function unquote(line: string): string {
  return line.replace(/^\s{0,3}(?:>[ \t]?)+/, '').replace(/[ \t\u00a0\u3000]+$/, '');
}

/** A shell prompt or echoed command line (`PS C:\> netsh …`, `C:\Windows\system32>`, `*Evil-WinRM* PS …>`, `~$ `). */
export function isPromptLine(line: string): boolean {
  const l = line.trim();
  return (
    /^(\*Evil-WinRM\*\s*)?PS [^>]*>/.test(l) ||
    /^[A-Za-z]:\\[^>]*>/.test(l) ||
    /^(~|\$|#)\s*\$?\s/.test(l) ||
    /^\$ /.test(l)
  );
}

/** Author elision markers: `...`, `…`, `<...SNIP...>`, `[snip]`. */
export function isElision(line: string): boolean {
  return /^\s*(\.{3,}|…+|<\.*\s*snip\s*\.*>|\[\.*\s*snip\s*\.*\])\s*$/i.test(line);
}

/** Splits `Label : value` / `Label: value` / full-width `Label：value`; the label may contain `:` (`IP:port`). */
export function splitLabelValue(line: string): { label: string; value: string } | null {
  const m =
    /^\s*(.+?)\s+[:：][ \t]?(.*)$/.exec(line) ?? /^\s*([^:：]+?)[:：][ \t]?(.*)$/.exec(line);
  if (!m) return null;
  return { label: m[1]!.trim(), value: m[2]!.trim() };
}

/** Canonical label key: lower case, single spaces, no trailing dots (locale-neutral comparison). */
export function labelKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[.。]+$/, '')
    .trim();
}
