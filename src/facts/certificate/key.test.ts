// The private key's state, provider and key spec, and the ACL of its file.
// Certificates are the real X.509 files made by scripts/gen-certs.ts (scripts/certs/out/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  T,
  manifest,
  sslcert,
  store,
  fixture,
  facts,
} from '../../test-support/certificate-bundle.js';
import { systemAccess } from '../certificate.js';

describe('facts: certificate — private key and key file ACL', () => {
  it('judges the private key from store.json and certutil together (scenario 1)', () => {
    const t = T('server-good');
    const f = facts({
      'manifest.json': manifest(),
      'certificates/store.json': store({ Store: 'My', Thumbprint: t, HasPrivateKey: true }),
      'certificates/certutil-v-store-my.txt': [
        'My "Personal"',
        '================ Certificate 0 ================',
        `Cert Hash(sha1): ${t}`,
        '  Key Container = 46f11b4056ad38609b08d1dea6880023_7989b711-2e3f-4107-9aae-fb8df2e3b958',
        '  Provider = Microsoft RSA SChannel Cryptographic Provider',
        'Missing stored keyset',
        'CertUtil: -store command completed successfully.',
      ].join('\r\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      privateKeyState: 'missing',
      privateKeyMissing: true,
      keyFolder: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
      keyFilePath:
        'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\46f11b4056ad38609b08d1dea6880023_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      chainStatus: 'unknown',
    });
    expect(f.certificates[0]?.privateKeyEvidence).toContain('certutil: Missing stored keyset');
  });

  it('reads the key provider kind, provider type and KeySpec', () => {
    const capi = facts({
      'manifest.json': manifest(),
      'certificates/certutil-v-store-my.txt': fixture(
        'certutil-store.sample.en-v-store-my-capi-at-signature-rst-indented.txt',
      ),
    }).certificates[0]!;
    expect(capi).toMatchObject({
      keyProvider: 'Microsoft Strong Cryptographic Provider',
      keyProviderType: 1,
      keyIsCapi: true,
      keySpec: 2,
      keySignatureOnly: true,
      keyProviderKind: 'software',
    });
    const stored = (rec: Record<string, unknown>) =>
      facts({
        'manifest.json': manifest(),
        'certificates/store.json': store({
          Store: 'My',
          Thumbprint: T('server-good').toUpperCase(),
          HasPrivateKey: true,
          ...rec,
        }),
      }).certificates[0]!;
    expect(
      stored({ KeyProvider: 'Microsoft Platform Crypto Provider', KeyProviderType: 0 }),
    ).toMatchObject({ keyProviderKind: 'tpm', keyIsCapi: false, keySignatureOnly: false });
    expect(
      stored({
        KeyProvider: 'Microsoft Base Smart Card Crypto Provider',
        KeyProviderType: 1,
        KeySpec: 1,
      }),
    ).toMatchObject({
      keyProviderKind: 'smart-card',
      keyIsCapi: true,
      keySpec: 1,
      keySignatureOnly: false,
    });
    expect(
      stored({ KeyProvider: 'Microsoft RSA SChannel Cryptographic Provider', KeyProviderType: 12 }),
    ).toMatchObject({
      keyProviderKind: 'software',
      keyIsCapi: true,
      keySpec: null,
      keySignatureOnly: null,
    });
    expect(stored({ KeyProvider: 'Securosys Primus HSM Key Storage Provider' })).toMatchObject({
      keyProviderKind: 'other',
      keyIsCapi: false,
    });
  });

  it("reads the KeySpec of a CAPI key from certutil's key test when no KeySpec line is printed (judge7 M5)", () => {
    // Real CVI-lab `certutil -store My`: the code-signing certificate's CAPI key shows only
    // "Signature test passed" (AT_SIGNATURE), the User certificate's "Encryption test passed".
    const [codeSigning, user] = facts({
      'manifest.json': manifest(),
      'certificates/certutil-store-my.txt': fixture(
        'certutil-store.sample.en-store-my-not-exportable-key-tests.txt',
      ),
    }).certificates.sort((a, b) => (a.thumbprint < b.thumbprint ? 1 : -1));
    expect(codeSigning).toMatchObject({
      thumbprint: 'b5dda40e3b765bdedf01097556f48d3b8a68a194',
      keyIsCapi: true,
      keySpec: 2,
      keySpecFromKeyTest: true,
      keySignatureOnly: true,
    });
    expect(user).toMatchObject({
      thumbprint: '43a58496d237b3e0e1e463172f4d64e87b59dad7',
      keySpec: 1,
      keySpecFromKeyTest: true,
      keySignatureOnly: false,
    });
    // A CNG key (an ECDSA key storage provider key also shows only a signature test) is not read so.
    const ksp = facts({
      'manifest.json': manifest(),
      'certificates/certutil-store-my.txt': fixture(
        'certutil-store.sample.en-store-my-not-exportable-key-tests.txt',
      ).replace(
        /Microsoft Enhanced Cryptographic Provider v1\.0/g,
        'Microsoft Software Key Storage Provider',
      ),
    }).certificates.find((c) => c.thumbprint.startsWith('b5dda40e'))!;
    expect(ksp).toMatchObject({ keyIsCapi: false, keySpec: null, keySignatureOnly: false });
  });

  it('judges the key file ACL for SYSTEM', () => {
    const unique = '8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958';
    const keyPath = `C:\\ProgramData\\Microsoft\\Crypto\\Keys\\${unique}`;
    const f = facts({
      'manifest.json': manifest(),
      'certificates/store.json': store({
        Store: 'My',
        Thumbprint: T('server-good'),
        HasPrivateKey: true,
        KeyProvider: 'Microsoft Software Key Storage Provider',
        KeyUniqueName: unique,
      }),
      'certificates/icacls-machinekeys.txt': [
        `${keyPath} CONTOSO\\svc-deploy:(F)`,
        `${' '.repeat(keyPath.length + 1)}BUILTIN\\Users:(R)`,
        '',
        'Successfully processed 1 files; Failed processing 0 files',
      ].join('\r\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      keyFilePath: keyPath,
      keyAclPath: keyPath,
      keyAclSystemAccess: 'none',
      keyAclMissingSystem: true,
    });
  });

  it('joins a CNG key file to its certificate by certutil -v "Unique container name:"', () => {
    const fixture = (name: string) =>
      readFileSync(new URL(`../../parsers/${name}`, import.meta.url));
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-good')),
      'pasted/certutil-v.txt': fixture('certutil-store.sample.synthetic-en-v-store-my.txt'),
      'pasted/icacls.txt': fixture(
        'icacls.sample.synthetic-en-collector-folders-and-key-file-no-system.txt',
      ),
    });
    expect(f.certificates[0]).toMatchObject({
      thumbprint: T('server-good'),
      isBound: true,
      keyFolder: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys',
      keyAclPath:
        'C:\\ProgramData\\Microsoft\\Crypto\\Keys\\8b1e2c4d6f8a0b2c4d6e8f0a1b2c3d4e_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      // No SYSTEM entry, but BUILTIN\\Administrators:(F): SYSTEM's token holds Administrators.
      keyAclOfKeyFile: true,
      keyAclSystemAccess: 'read',
      keyAclMissingSystem: false,
      sanKnown: true,
      sanDns: ['www.contoso.com', 'contoso.com'],
    });
    expect(f.certificates[0]!.evidence).toContainEqual(
      expect.objectContaining({ path: 'pasted/icacls.txt', label: 'icacls' }),
    );
  });

  it("marks a key ACL judged from the folder alone as not the key file's own", () => {
    // The key folder's default entries apply to "this folder only": its ACL says nothing of the
    // key file, so rules must not judge the file by it (synthetic listing: the folder only).
    const fixture = (name: string) =>
      readFileSync(new URL(`../../parsers/${name}`, import.meta.url));
    const f = facts({
      'manifest.json': manifest(),
      'httpsys/netsh-http-show-sslcert.txt': sslcert(T('server-good')),
      'pasted/certutil-v.txt': fixture('certutil-store.sample.synthetic-en-v-store-my.txt'),
      'pasted/icacls.txt': [
        'C:\\ProgramData\\Microsoft\\Crypto\\Keys CONTOSO\\svc-deploy:(F)',
        '',
        'Successfully processed 1 files; Failed processing 0 files',
      ].join('\r\n'),
    });
    expect(f.certificates[0]).toMatchObject({
      keyAclPath: 'C:\\ProgramData\\Microsoft\\Crypto\\Keys',
      keyAclOfKeyFile: false,
      keyAclSystemAccess: 'none',
    });
  });

  it('lets SYSTEM read through Everyone or Administrators, not through a DENY', () => {
    const ace = (sid: string, rights: string[], deny = false) => ({
      account: sid,
      sid,
      deny,
      inherited: false,
      inheritance: [],
      rights,
      text: sid,
      evidence: { artifactId: 'x', path: 'x' },
    });
    expect(systemAccess([ace('S-1-1-0', ['R', 'W'])])).toBe('read');
    expect(systemAccess([ace('S-1-5-32-545', ['F'])])).toBe('none');
    expect(systemAccess([ace('S-1-5-18', ['R'], true), ace('S-1-5-32-544', ['F'])])).toBe('denied');
  });
});
