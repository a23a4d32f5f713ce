/**
 * Renders a rule's fix template with the entity's real values. Handlebars in strict mode: a
 * template that names a missing field throws (caught by the rule-cases test, not by a customer).
 * Output is plain text (the report escapes it for HTML), so values from evidence are made
 * command-safe instead: characters that could end a quoted argument or chain a command in cmd or
 * PowerShell (`"` `` ` `` `&` `|` `<` `>` `^` `;` `$` and line breaks) are replaced, so hostile
 * evidence cannot turn a copy-pasted fix into another command.
 */
import Handlebars from 'handlebars';

const hb = Handlebars.create();
hb.registerHelper('join', (list: unknown, sep: unknown) =>
  Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '',
);
hb.registerHelper('upper', (s: unknown) => (typeof s === 'string' ? s.toUpperCase() : ''));
hb.registerHelper('lower', (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : ''));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hb.registerHelper('or', (a: unknown, b: unknown) => a || b);

const KNOWN_HELPERS = { join: true, upper: true, lower: true, eq: true, or: true } as const;

const cache = new Map<string, HandlebarsTemplateDelegate>();

export function compileFix(template: string): HandlebarsTemplateDelegate {
  let t = cache.get(template);
  if (!t) {
    t = hb.compile(template, {
      strict: true,
      noEscape: true,
      knownHelpers: KNOWN_HELPERS,
      knownHelpersOnly: true,
    });
    // Compile eagerly so syntax errors surface at load time, not at render time.
    hb.precompile(template, { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    cache.set(template, t);
  }
  return t;
}

const UNSAFE = /["`&|<>^;$\r\n\u2028\u2029]/g;

/** Deep copy with every string made command-safe. */
export function commandSafe(value: unknown, depth = 0): unknown {
  if (depth > 8) return null;
  if (typeof value === 'string') return value.replace(UNSAFE, '_');
  if (Array.isArray(value)) return value.map((v) => commandSafe(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (k !== 'evidence') out[k] = commandSafe(v, depth + 1);
    return out;
  }
  return value;
}

export function renderFix(template: string, context: Record<string, unknown>): string {
  return compileFix(template)(commandSafe(context), {
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  }).trim();
}
