import { describe, expect, it } from 'vitest';
import type { ParsedBundle } from '../artifacts/load.js';
import { parseIcacls } from '../parsers/icacls.js';
import { parseMachineKeysSddl } from '../parsers/machinekeys-sddl.js';
import { inlineText } from '../test-support/fixtures.js';
import { buildMachineKeysFolder } from './key-folder-acl.js';
import { keyAclPaths } from './key-acl-sources.js';

const FOLDER = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
const J = (s: string): string => s.replace(/\\/g, '\\\\');
const sddlFile = (sddl: string) =>
  parseMachineKeysSddl(
    inlineText(
      `{"formatVersion":1,"acls":[{"Path":"${J(FOLDER)}","Owner":"x","Sddl":"${sddl}"}],"errors":[]}`,
      'cert.machinekeys-sddl',
      'certificates/machinekeys-acl-sddl.json',
    ),
  ).value;
const icaclsFile = (text: string) =>
  parseIcacls(inlineText(text, 'cert.machinekeys-acl', 'certificates/icacls-machinekeys.txt'))
    .value;

/** A parsed bundle holding only the key-ACL artifacts given. */
function bundle(files: { icacls?: string; sddl?: string }): ParsedBundle {
  const art = (id: string, path: string, value: unknown) => ({
    id,
    status: 'collected',
    manifest: null,
    reason: null,
    files: [
      { artifactId: id, path, size: 1, value, issues: [], encoding: null, matchedBy: 'path' },
    ],
  });
  return {
    artifacts: [
      ...(files.icacls !== undefined
        ? [
            art(
              'cert.machinekeys-acl',
              'certificates/icacls-machinekeys.txt',
              icaclsFile(files.icacls),
            ),
          ]
        : []),
      ...(files.sddl !== undefined
        ? [
            art(
              'cert.machinekeys-sddl',
              'certificates/machinekeys-acl-sddl.json',
              sddlFile(files.sddl),
            ),
          ]
        : []),
    ],
    unrecognized: [],
    skipped: [],
  } as unknown as ParsedBundle;
}

const DEFAULT_ICACLS = `${FOLDER} Everyone:(R,W)\n${' '.repeat(FOLDER.length + 1)}BUILTIN\\Administrators:(F)\n\nSuccessfully processed 1 files; Failed processing 0 files\n`;
// The real default descriptor (machinekeys-sddl.samples.md).
const DEFAULT_SDDL = 'O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)';

describe('key-acl-sources', () => {
  it('takes icacls when both sources agree, with no disagreement', () => {
    const k = keyAclPaths(bundle({ icacls: DEFAULT_ICACLS, sddl: DEFAULT_SDDL }));
    expect(k.sources).toMatchObject({ source: 'both', disagreementCount: 0, sddlOnlyPaths: [] });
    expect(k.paths).toHaveLength(1);
    expect(k.paths[0]!.evidence.artifactId).toBe('cert.machinekeys-acl');
  });

  it('judges the MachineKeys folder from the SDDL when icacls is missing', () => {
    const f = buildMachineKeysFolder(bundle({ sddl: 'O:SYG:SYD:PAI(A;;FA;;;WD)(A;;FA;;;BA)' }));
    expect(f).toMatchObject({ everyoneTooBroad: true, broadGrantCount: 1 });
    expect(f!.evidence[0]!.label).toMatch(/SDDL/);
    expect(buildMachineKeysFolder(bundle({ sddl: DEFAULT_SDDL }))).toMatchObject({
      broadGrantCount: 0,
      missingDefaults: [],
    });
  });

  it('uses the SDDL and says so when the two disagree', () => {
    const k = keyAclPaths(
      bundle({ icacls: DEFAULT_ICACLS, sddl: 'D:PAI(A;;FA;;;WD)(A;;FA;;;BA)' }),
    );
    expect(k.sources).toMatchObject({
      source: 'both',
      disagreementCount: 1,
      disagreePaths: [FOLDER],
      disagreements: [
        {
          icacls: ['Everyone:(R,W)', 'BUILTIN\\Administrators:(F)'],
          sddl: ['Everyone:(F)', 'BUILTIN\\Administrators:(F)'],
        },
      ],
    });
    expect(k.paths[0]!.evidence.artifactId).toBe('cert.machinekeys-sddl');
    // One verdict for the folder: the SDDL's.
    expect(
      buildMachineKeysFolder(
        bundle({ icacls: DEFAULT_ICACLS, sddl: 'D:PAI(A;;FA;;;WD)(A;;FA;;;BA)' }),
      ),
    ).toMatchObject({ everyoneTooBroad: true });
  });

  it('counts an icacls account it cannot map to a SID as a disagreement, not as agreement', () => {
    const localized = `${FOLDER} Tout-le-monde-inconnu:(R,W)\n${' '.repeat(FOLDER.length + 1)}BUILTIN\\Administrators:(F)\n`;
    const k = keyAclPaths(bundle({ icacls: localized, sddl: DEFAULT_SDDL }));
    expect(k.sources.disagreementCount).toBe(1);
    expect(k.paths[0]!.aces.map((a) => a.sid)).toEqual(['S-1-1-0', 'S-1-5-32-544']);
  });
});
