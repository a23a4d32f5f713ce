/**
 * Any token that means exporting a private key (policy KEY_EXPORT_TOKEN), anywhere in the code
 * (comments blanked out, positions kept), whatever node it sits in.
 */
import type { Check } from '../check-model.js';
import { CCS_NAME_LISTING, KEY_EXPORT_TOKEN } from '../policy.js';
import { firstLine } from '../ps-syntax.js';

export const keyExportTokensCheck: Check = {
  name: 'key-export-tokens',
  codes: ['private-key-export'],
  nodeTypes: [],
  script(ctx) {
    let code = ctx.source;
    for (const [a, b] of ctx.comments) code = code.slice(0, a) + ' '.repeat(b - a) + code.slice(b);
    code.split('\n').forEach((text, i) => {
      // The one reviewed use of the word: listing certificate file NAMES of the IIS Centralized
      // Certificate Store folder (Get-ChildItem -Filter '*.pfx', names only; no file is opened).
      if (CCS_NAME_LISTING.test(text) && !KEY_EXPORT_TOKEN.test(text.replace(CCS_NAME_LISTING, '')))
        return;
      const m = KEY_EXPORT_TOKEN.exec(text);
      if (m) {
        ctx.reportLine(
          'private-key-export',
          i + 1,
          `"${m[2]}" refers to private-key export`,
          firstLine(text),
        );
      }
    });
  },
};
