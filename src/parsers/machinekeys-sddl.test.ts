import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseMachineKeysSddl } from './machinekeys-sddl.js';

const ID = 'cert.machinekeys-sddl';

describe('cert.machinekeys-sddl', () => {
  it('reads the folders of the collector JSON with the real default SDDL as icacls-shaped ACLs', () => {
    const { value, issues } = parseMachineKeysSddl(
      fixtureText(
        import.meta.url,
        'machinekeys-sddl.sample.synthetic-collector-json-azure-default-folder-sddl.json',
        ID,
      ),
    );
    expect(issues).toEqual([]);
    expect(value.acls.map((a) => a.kind)).toEqual(['machinekeys', 'keys']);
    expect(value.paths[0]).toMatchObject({
      path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
      kind: 'machinekeys',
      aces: [
        { sid: 'S-1-1-0', rights: ['R', 'W'], text: 'Everyone:(R,W)', deny: false },
        { sid: 'S-1-5-32-544', rights: ['F'], text: 'BUILTIN\\Administrators:(F)' },
      ],
    });
    expect(value.acls[0]!.evidence).toMatchObject({ lines: { start: 5, end: 7 } });
    expect(value.acls[1]!.evidence).toMatchObject({ lines: { start: 10, end: 12 } });
  });

  it('reads a key file ACL with a deny, an app-pool grant and a read error', () => {
    const { value, issues } = parseMachineKeysSddl(
      fixtureText(
        import.meta.url,
        'machinekeys-sddl.sample.synthetic-collector-json-key-file-apppool-deny-read-failed.json',
        ID,
      ),
    );
    expect(value.paths[1]).toMatchObject({
      kind: 'machinekeys-file',
      aces: [
        { sid: 'S-1-5-18', deny: true, text: 'NT AUTHORITY\\SYSTEM:(DENY)(F)' },
        { sid: 'S-1-5-32-544' },
        {
          sid: 'S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415',
          rights: ['R'],
          text: '*S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415:(R)',
        },
        { sid: 'S-1-1-0', inherited: true, text: 'Everyone:(I)(R,W)' },
      ],
    });
    expect(value.errors).toMatchObject([
      { error: 'Attempted to perform an unauthorized operation.' },
    ]);
    expect(issues).toMatchObject([{ code: 'acl-read-failed', line: 18 }]);
  });

  it('reads a hand-made Select Path,Owner,Sddl | ConvertTo-Json with the provider prefix', () => {
    const { value } = parseMachineKeysSddl(
      inlineText(
        'PS C:\\> Get-Acl $p | Select Path,Owner,Sddl | ConvertTo-Json\n{\n  "Path": "Microsoft.PowerShell.Core\\\\FileSystem::C:\\\\ProgramData\\\\Microsoft\\\\Crypto\\\\RSA\\\\MachineKeys",\n  "Owner": "NT AUTHORITY\\\\SYSTEM",\n  "Sddl": "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)"\n}\n',
        ID,
      ),
    );
    expect(value.paths).toMatchObject([
      { path: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys', kind: 'machinekeys' },
    ]);
  });

  it('reports broken input as issues', () => {
    expect(parseMachineKeysSddl(inlineText('', ID)).issues).toMatchObject([
      { code: 'empty-input' },
    ]);
    expect(parseMachineKeysSddl(inlineText('{"acls": [', ID)).issues).toMatchObject([
      { code: 'invalid-json' },
    ]);
    const r = parseMachineKeysSddl(
      inlineText(
        '{"acls":[{"Path":"C:\\\\x"},{"Path":"C:\\\\y","Sddl":"D:(A;;FA;;;SY)(bad"}]}',
        ID,
      ),
    );
    expect(r.issues).toMatchObject([{ code: 'missing-field' }, { code: 'invalid-sddl' }]);
    expect(r.value.paths[0]!.aces).toHaveLength(1);
  });
});
