/**
 * Independent judge, round 6 (fixtures/README.md): judge6 case p26, built from the real tampered
 * MachineKeys icacls (HackTheBox "Certificate" write-up), a real 36870 Event Viewer copy and the
 * real short sslcert field set; judge6 case p25, built from the real de-DE icacls grant failure
 * (cp850), a legacy 36870 and the same sslcert.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}/`, import.meta.url).pathname;
const AS_OF = '2026-12-06T00:00:00.000Z';
const HASH = '61d34f532da121bbab64723c4871e72c92f03735';

describe('36870 fix names the one bound certificate (judge6 M6)', () => {
  it.each([
    'judge6-p25-de-icacls-grant-failed-plus-36870',
    'judge6-p26-machinekeys-tampered-plus-36870',
  ])('fills in the hash the sslcert gives instead of asking for it (%s)', async (name) => {
    const a = await analyze([fixture(name)], { asOf: AS_OF });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'schannel-private-key-access-denied');
    expect(f?.severity).toBe('critical');
    for (const lang of ['en', 'zh-CN'] as const) {
      // s03: 0x80090016 leads with the read-only key test of that certificate.
      expect(f?.fix[lang]).toContain(`certutil -verifystore my ${HASH}`);
      expect(f?.fix[lang]).not.toContain('set "HASH=');
    }
  });
});

describe('MachineKeys folder writable by every user (judge6 M8)', () => {
  it('is medium for BUILTIN\\Users:(F) (p26), with the folder fix', async () => {
    const a = await analyze([fixture('judge6-p26-machinekeys-tampered-plus-36870')], {
      asOf: AS_OF,
    });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'machinekeys-folder-acl-too-broad');
    expect(f?.severity).toBe('medium');
    expect(f?.fix.en).toContain('/remove:g *S-1-5-32-545');
    expect(
      a.evaluation.findings.some((x) => x.ruleId === 'machinekeys-folder-acl-inherited-read'),
    ).toBe(false);
  });
});
