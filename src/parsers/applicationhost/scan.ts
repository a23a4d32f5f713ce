/**
 * Sites read tag by tag, for XML the parser cannot build a faithful tree of (issue 17 paste
 * drops): two excerpts pasted into one file (two `<sites>`, a second `<?xml` declaration), a
 * config cut mid-tag and followed by other outputs. fast-xml-parser then either throws or nests
 * what follows a cut inside the cut element, and sites after the first `<sites>` were lost. Here
 * every `<site>` start tag outside comments is a site, every `<binding>` with a protocol or
 * bindingInformation belongs to the site open above it (or, with none open, to a site whose name
 * and id are unknown), each with the lines of its own tags. Attribute nodes have the shape the
 * tree reader gives (`@_name` keys, raw text), so the same attribute readers build the records.
 */
type XmlNode = Record<string, unknown>;

export interface ScannedBinding {
  node: XmlNode;
  lines: { start: number; end: number };
}

export interface ScannedSite {
  /** The site's attributes plus `application` nodes (each with `virtualDirectory` nodes). */
  node: XmlNode;
  lines: { start: number; end: number };
  bindings: ScannedBinding[];
  /** A run of `<binding>`s outside any `<site>`: the site's name and id are unknown. */
  orphan: boolean;
}

const TAG = /<(\/?)(sites|site|binding|application|virtualDirectory)(?=[\s/>])([^<>]*)(>?)/g;
/** A line of a tag's attributes (a tag written over several lines), its `/` included. */
const ATTR_LINE = /^(?:[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*')\s*)*\/?$/;
const ATTR = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attrs(text: string): XmlNode {
  const node: XmlNode = {};
  for (let m = ATTR.exec(text); m; m = ATTR.exec(text)) {
    // The first of a repeated attribute, as the tree reader keeps it.
    if (!(`@_${m[1]!}` in node)) node[`@_${m[1]!}`] = m[2] ?? m[3] ?? '';
  }
  ATTR.lastIndex = 0;
  return node;
}

/** Every site of `text` (comments blanked), in order, with its bindings and lines. */
export function scanSites(text: string, lineAt: (pos: number) => number): ScannedSite[] {
  const out: ScannedSite[] = [];
  // The site and application open at this point of the text.
  const open: { site: ScannedSite | null; app: XmlNode | null; orphan: ScannedSite | null } = {
    site: null,
    app: null,
    orphan: null,
  };
  const reach = (s: ScannedSite, line: number): void => {
    s.lines.end = Math.max(s.lines.end, line);
  };
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const [all, slash, tag] = m;
    let [, , , body = '', gt] = m;
    let length = all.length;
    // A tag cut short runs on to the next `<` or `>` of whatever was pasted after it (a prompt's
    // `C:\>`, the end of the file): it ends on its own line unless what follows is attributes.
    const nl = body.indexOf('\n');
    if (
      nl >= 0 &&
      !body
        .slice(nl + 1)
        .split('\n')
        .every((l) => ATTR_LINE.test(l.trim()))
    ) {
      length -= body.length - nl + (gt ?? '').length;
      body = body.slice(0, nl);
      gt = '';
      TAG.lastIndex = m.index + length;
    }
    // Its last line is that of its last character that is not blank (a cut tag at the end of
    // a segment is followed by the blanked lines of the other outputs).
    const end = lineAt(m.index + Math.max(0, all.slice(0, length).trimEnd().length - 1));
    // A tag cut short (no `>` before the next `<`) opens nothing.
    const selfClosing = body.trimEnd().endsWith('/') || gt === '';
    if (tag === 'sites' || tag === 'site') {
      // A new site, or a new or closing <sites>: no site stays open across it.
      if (open.site && tag === 'site' && slash) reach(open.site, end);
      open.site = null;
      open.app = null;
      open.orphan = null;
      if (tag === 'sites' || slash) continue;
      const s: ScannedSite = {
        node: { ...attrs(body), application: [] },
        lines: { start: lineAt(m.index), end },
        bindings: [],
        orphan: false,
      };
      out.push(s);
      if (!selfClosing) open.site = s;
      continue;
    }
    if (tag === 'application') {
      open.app = null;
      if (slash || !open.site) continue;
      const a: XmlNode = { ...attrs(body), virtualDirectory: [] };
      (open.site.node['application'] as XmlNode[]).push(a);
      if (!selfClosing) open.app = a;
      reach(open.site, end);
      continue;
    }
    if (tag === 'virtualDirectory') {
      if (slash || !open.app || !open.site) continue;
      (open.app['virtualDirectory'] as XmlNode[]).push(attrs(body));
      reach(open.site, end);
      continue;
    }
    // <binding>: only IIS site bindings (a WCF <binding name=…> has neither attribute).
    if (slash) continue;
    const node = attrs(body);
    if (!('@_protocol' in node) && !('@_bindingInformation' in node)) continue;
    const lines = { start: lineAt(m.index), end };
    let owner = open.site ?? open.orphan;
    if (!owner) {
      owner = { node: { application: [] }, lines: { ...lines }, bindings: [], orphan: true };
      open.orphan = owner;
      out.push(owner);
    }
    owner.bindings.push({ node, lines });
    reach(owner, end);
  }
  TAG.lastIndex = 0;
  return out;
}
