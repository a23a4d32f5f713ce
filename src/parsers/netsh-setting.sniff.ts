/** Recognising netsh http show setting output (light: see TextRecognizer in shared/parse.ts). */
import type { TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

export const netshSettingRecognizer: TextRecognizer<'httpsys.setting'> = {
  artifactId: 'httpsys.setting',
  input: 'text',
  fileName: /show-setting|http-setting/i,
  // Its layout is unknown (no real output seen): only the name of a setting documented for
  // `netsh http add setting` counts, and weakly.
  sniff: (head) => (countMatching(sniffLines(head), /^SSL ?Throttle\s*:/i) > 0 ? 0.35 : 0),
};
