/** Recognising applicationHost.config (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';

export const applicationHostRecognizer: TextRecognizer<'iis.config'> = {
  artifactId: 'iis.config',
  input: 'text',
  fileName: /applicationhost\.config$/i,
  sniff: (head) => {
    if (/<(sites|system\.applicationHost)[\s>]/i.test(head)) return SNIFF.sure;
    if (/<site\s[^>]{0,400}\bname=/i.test(head)) return SNIFF.likely + 0.1;
    // `<binding protocol="…" bindingInformation="…">`: one is a fragment, several are likely.
    const bindings = head.match(/<binding\s[^>]{0,400}\bbindingInformation\s*=/gi)?.length ?? 0;
    return hitScore(Math.min(bindings, 10) + (bindings > 0 ? 1 : 0));
  },
};
