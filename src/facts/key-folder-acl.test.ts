// The MachineKeys folder's own ACL. The tampered listing is real (src/parsers/
// icacls.sample.en-machinekeys-tampered-everyone-rw.txt, HackTheBox "Certificate" write-up; see
// src/parsers/icacls.samples.md); the default and de-DE listings are the synthetic collector
// layouts beside it; inline variants no real sample shows say so in their test names.
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../artifacts/load.js';
import { fixture, manifest, memoryBundle } from '../test-support/certificate-bundle.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { buildMachineKeysFolder } from './key-folder-acl.js';

const folderOf = (icacls: string) =>
  buildMachineKeysFolder(
    loadBundle(
      memoryBundle({ 'manifest.json': manifest(), 'certificates/icacls-machinekeys.txt': icacls }),
    ),
  );

const TAMPERED = fixture('icacls.sample.en-machinekeys-tampered-everyone-rw.txt');
const MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';

describe('facts: MachineKeys folder ACL', () => {
  it('flags BUILTIN\\Users full control and the missing Administrators entry (real listing)', () => {
    expect(folderOf(TAMPERED)).toMatchObject({
      path: MACHINE_KEYS,
      parentPath: 'C:\\ProgramData\\Microsoft\\Crypto\\RSA',
      entries: ['Everyone:(R,W)', 'BUILTIN\\Users:(F)'],
      broadGrants: ['BUILTIN\\Users:(F)'],
      broadGrantCount: 1,
      usersTooBroad: true,
      everyoneTooBroad: false,
      authenticatedUsersTooBroad: false,
      broadGrantsInherited: false,
      missingDefaults: ['BUILTIN\\Administrators:(F)'],
    });
  });

  it.each(MANGLINGS.map((m) => [m.name, m] as const))(
    'reads the real tampered listing after %s',
    (_n, m) => {
      expect(folderOf(m.apply(TAMPERED))).toMatchObject({
        path: MACHINE_KEYS,
        broadGrants: ['BUILTIN\\Users:(F)'],
        usersTooBroad: true,
      });
    },
  );

  it("passes Microsoft's default: Everyone (R,W), Administrators (F), this folder only", () => {
    const f = folderOf(
      fixture('icacls.sample.synthetic-en-collector-folders-and-key-file-no-system.txt'),
    );
    expect(f).toMatchObject({ path: MACHINE_KEYS, broadGrants: [], missingDefaults: [] });
    // The key file without SYSTEM in the same listing is the key-file rule's, not this one's.
    expect(f?.entries).toEqual(['Everyone:(R,W)', 'BUILTIN\\Administrators:(F)']);
  });

  it('judges de-DE account names by their well-known SIDs', () => {
    const f = folderOf(
      fixture('icacls.sample.synthetic-de-de-localized-accounts-deny-wrapped.txt'),
    );
    expect(f).toMatchObject({ broadGrants: [], missingDefaults: [] });
    const open = folderOf(
      fixture('icacls.sample.synthetic-de-de-localized-accounts-deny-wrapped.txt').replace(
        'Jeder:(R,W)',
        'Jeder:(F)',
      ),
    );
    expect(open).toMatchObject({ broadGrants: ['Jeder:(F)'], everyoneTooBroad: true });
  });

  it('flags read rights new key files inherit, and says when an entry is inherited (synthetic)', () => {
    const listing = (...aces: string[]) =>
      [
        `${MACHINE_KEYS} ${aces[0]}`,
        ...aces.slice(1).map((a) => `${' '.repeat(MACHINE_KEYS.length + 1)}${a}`),
        '',
        'Successfully processed 1 files; Failed processing 0 files',
      ].join('\r\n');
    expect(
      folderOf(
        listing(
          'Everyone:(R,W)',
          'NT AUTHORITY\\Authenticated Users:(OI)(IO)(R)',
          'BUILTIN\\Administrators:(F)',
        ),
      ),
    ).toMatchObject({
      broadGrants: ['NT AUTHORITY\\Authenticated Users:(OI)(IO)(R)'],
      authenticatedUsersTooBroad: true,
      broadGrantsInherited: false,
    });
    expect(
      folderOf(listing('Everyone:(R,W)', 'BUILTIN\\Users:(I)(M)', 'BUILTIN\\Administrators:(F)')),
    ).toMatchObject({ broadGrants: ['BUILTIN\\Users:(I)(M)'], broadGrantsInherited: true });
    // A deny entry or a named service account is not "every user".
    expect(
      folderOf(
        listing(
          'Everyone:(R,W)',
          'Everyone:(DENY)(F)',
          'CONTOSO\\svc-web:(F)',
          'BUILTIN\\Administrators:(F)',
        ),
      ),
    ).toMatchObject({ broadGrants: [], missingDefaults: [] });
  });

  it('is null when the listing has no MachineKeys folder (key files only)', () => {
    const keyFileOnly = fixture(
      'icacls.sample.synthetic-en-collector-folders-and-key-file-no-system.txt',
    )
      .split(/\r?\n\r?\n(?=C:)/)
      .filter((b) => !b.startsWith(`${MACHINE_KEYS} `))
      .join('\r\n\r\n');
    expect(keyFileOnly).not.toContain(`${MACHINE_KEYS} `);
    expect(folderOf(keyFileOnly)).toBeNull();
  });
});
