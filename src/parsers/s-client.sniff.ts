/** Recognising openssl s_client -showcerts output (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, type TextRecognizer } from '../shared/parse.js';
import { sniffLines } from './text-cleanup.js';

export const CONNECTED = /^CONNECTED\(\w+\)$/;

export const VERIFY_CODE = /^Verify return code:\s*(\d+)\s*\((.*)\)$/;

export const VERIFY_ERROR = /^verify error:num=(\d+):(.*)$/;

export const CHAIN_SUBJECT = /^(\d{1,2}) s:(.*)$/;

export const sClientRecognizer: TextRecognizer<'capture.pcap'> = {
  artifactId: 'capture.pcap',
  input: 'text',
  sniff: (head) => {
    const lines = sniffLines(head);
    const has = (re: RegExp): boolean => lines.some((l) => re.test(l));
    if (has(CONNECTED) && (has(/^Certificate chain$/) || has(VERIFY_CODE))) return SNIFF.sure;
    if (has(/^Certificate chain$/) && has(CHAIN_SUBJECT)) return SNIFF.likely;
    return has(VERIFY_CODE) || has(VERIFY_ERROR) ? SNIFF.fragment : 0;
  },
};
