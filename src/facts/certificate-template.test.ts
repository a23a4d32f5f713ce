/**
 * Independent judge, round 5, case S3 (n07, fixtures/judge5-n07-codesigning-cert-bound: real CVI
 * certutil -store my, unchanged, + real short sslcert edited to bind 0.0.0.0:443 to the
 * CVI-CodeSigning certificate of CN=PKI Admin): certutil without -v prints no EKU, so the
 * certificate area was "no problem found" although the template says code signing.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { templateNotServer } from './certificate-template.js';

const n07 = new URL('./fixtures/judge5-n07-codesigning-cert-bound/', import.meta.url).pathname;

describe('facts: certificate template', () => {
  it('tells code-signing and user templates, and leaves other names unjudged', () => {
    expect(templateNotServer('CVI-CodeSigning, CVI Code Signing')).toBe(true);
    expect(templateNotServer('CodeSigning, Code Signing')).toBe(true);
    expect(templateNotServer('User')).toBe(true);
    expect(templateNotServer('SmartcardLogon, Smartcard Logon')).toBe(true);
    expect(templateNotServer('WebServer, Web Server')).toBeNull();
    expect(templateNotServer('DomainController, Domain Controller')).toBeNull();
    expect(templateNotServer('Contoso-Web')).toBeNull();
    expect(templateNotServer(null)).toBeNull();
  });

  it('flags a bound code-signing certificate whose EKU is unknown (n07)', async () => {
    const a = await analyze([n07], { asOf: '2026-12-06T00:00:00.000Z' });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'certificate-template-not-server');
    // Raised from medium: it explains the high KeySpec finding of the same certificate (judge15 S1).
    expect(f).toMatchObject({ severity: 'high', severityRaised: { from: 'medium' } });
    expect(f?.entityKey).toContain('b5dda40e3b765bdedf01097556f48d3b8a68a194');
    expect(f?.fix.en).toContain('certutil -v -store my B5DDA40E3B765BDEDF01097556F48D3B8A68A194');
  });
});
