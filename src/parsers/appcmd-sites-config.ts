/**
 * `appcmd list site /config /xml` — the site configuration as IIS reads it, also under shared
 * configuration (where the local applicationHost.config is a stale copy, see
 * redirection-config.ts). Shape (the `<site>` element is the applicationHost.config element):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <appcmd>
 *       <SITE SITE.NAME="mywebsite" SITE.ID="2" bindings="http/*:99:" state="Started">
 *           <site name="mywebsite" id="2">
 *               <bindings>
 *                   <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
 *   …
 *
 * The `<appcmd>` and `<SITE>` wrappers are blanked in place (line numbers stay those of the file)
 * and the `<site>` elements are read by the applicationHost.config parser, so bindings and
 * sslFlags mean the same in both. `state` comes from each `<SITE>` wrapper. Output without /config
 * (`<SITE … />` only) has no sslFlags: it is reported, not half-read.
 */
import { applicationHostParser, type AppHostValue, type IisSite } from './applicationhost.js';
import { decodeXmlText } from './applicationhost.js';
import {
  issue,
  textInput,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { appcmdSitesConfigRecognizer } from './sniffs.js';

export interface AppcmdConfigSite extends IisSite {
  /** `state` of the `<SITE>` wrapper (`Started`, `Stopped`, …); null when absent. */
  state: string | null;
}

export interface AppcmdSitesConfigValue {
  sites: AppcmdConfigSite[];
  access?: AppHostValue['access'];
}

const blank = (s: string): string => s.replace(/[^\r\n]/g, ' ');
const WRAPPER = /<\?xml[^>]*\?>|<\/?appcmd\b[^>]*>|<SITE\b[^>]*>|<\/SITE\s*>/g;

function wrapperAttr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name.replace('.', '\\.')}\\s*=\\s*"([^"]*)"`, 'i').exec(tag);
  return m ? decodeXmlText(m[1]!) : null;
}

function parseAppcmdConfig(input: TextInput): ParseResult<AppcmdSitesConfigValue> {
  const issues: ParseIssue[] = [];
  const states = new Map<string, string | null>();
  let wrappers = 0;
  let selfClosing = 0;
  // Case-sensitive on purpose: `<SITE` is appcmd's wrapper, `<site` the configuration element.
  const text = input.text.replace(WRAPPER, (tag) => {
    if (tag.startsWith('<SITE')) {
      wrappers++;
      if (tag.endsWith('/>')) selfClosing++;
      const name = wrapperAttr(tag, 'SITE.NAME');
      if (name !== null) states.set(name.toLowerCase(), wrapperAttr(tag, 'state'));
    }
    return blank(tag);
  });
  if (wrappers > 0 && selfClosing === wrappers) {
    issues.push(
      issue(
        'missing-field',
        '<SITE> elements without their configuration (appcmd list site /xml without /config): sslFlags unknown, not read',
        { line: 1 },
      ),
    );
    return { value: { sites: [] }, issues };
  }
  const { text: _t, lines: _l, ...ctx } = input;
  const inner = applicationHostParser.parse(textInput(ctx, text));
  for (const i of inner.issues) {
    // Expected here: the <site> elements stand without <sites> (appcmd's wrapper was blanked).
    if (i.code === 'fragment' && /only <site> elements/.test(i.message)) continue;
    issues.push(i);
  }
  const sites = (inner.value?.sites ?? []).map((s) => ({
    ...s,
    state: states.get(s.name.toLowerCase()) ?? null,
  }));
  return {
    value: { sites, ...(inner.value?.access && { access: inner.value.access }) },
    issues,
  };
}

export const appcmdSitesConfigParser: TextParser<
  AppcmdSitesConfigValue,
  'iis.appcmd-sites-config'
> = {
  ...appcmdSitesConfigRecognizer,
  describe: 'appcmd list site /config /xml: the effective site configuration, with state',
  parse: parseAppcmdConfig,
};
