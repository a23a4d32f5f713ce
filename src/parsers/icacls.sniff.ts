/** Recognising icacls listings (light: see TextRecognizer in shared/parse.ts). */
import { SNIFF, hitScore, type TextRecognizer } from '../shared/parse.js';
import { countMatching, sniffLines } from './text-cleanup.js';

/** An ACE at the end of a line, for sniffing: rights in icacls' own upper-case abbreviations. */
export const ACE_SHAPE = /\S:(?:\((?:[A-Z]{1,4}(?:,[A-Z]{1,4})*)\))+$/;

export const SUMMARY = [
  /^Successfully processed (\d+) files?; Failed processing (\d+) files?$/i,
  /^(\d+) Dateien erfolgreich verarbeitet, bei (\d+) Dateien ist ein Verarbeitungsfehler aufgetreten\.?$/i,
  /^(\d+) fichiers? correctement traités? ; échec du traitement de (\d+) fichiers?\.?$/i,
  /^已成功处理 (\d+) 个文件; 处理 (\d+) 个文件时失败$/,
];

export const PATH_START = /^(?:[A-Za-z]:\\|\\\\|%ProgramData%)/i;

export const icaclsRecognizer: TextRecognizer<'cert.machinekeys-acl'> = {
  artifactId: 'cert.machinekeys-acl',
  input: 'text',
  fileName: /icacls/i,
  sniff(head: string): number {
    const lines = sniffLines(head);
    if (lines.some((l) => SUMMARY.some((re) => re.test(l)))) return SNIFF.sure;
    // `account:(…)(…)` at the end of a line: one is a fragment, three are likely.
    const aces = countMatching(lines, ACE_SHAPE);
    const withPath = lines.some((l) => PATH_START.test(l) && ACE_SHAPE.test(l));
    return aces === 0 ? 0 : Math.min(SNIFF.sure, hitScore(aces) + (withPath ? 0.1 : 0));
  },
};
