/**
 * The ACL of the MachineKeys folder itself (`%ProgramData%\Microsoft\Crypto\RSA\MachineKeys`,
 * cert.machinekeys-acl). Microsoft's default ("Default permissions for the MachineKeys folders",
 * KB 278381): Administrators Full control and Everyone Special — list folder / read data, read
 * attributes and extended attributes, create files / write data, create folders / append data,
 * write attributes and extended attributes, read permissions — both "This folder only". icacls
 * prints that as `Everyone:(R,W)` and `BUILTIN\Administrators:(F)` without inheritance flags.
 *
 * The folder's ACL does not decide whether Schannel can open an existing key (the key file's own
 * ACL does: certificate.keyAcl*), so this judges exposure only: an entry that lets every user
 * (Everyone, Users, Authenticated Users) delete key files, change the folder's permissions or
 * take it over, or one that key files created in the folder inherit.
 */
import type { ParsedBundle } from '../artifacts/load.js';
import { keyAclPaths } from './key-acl-sources.js';
import type { IcaclsAce } from '../parsers/icacls.js';
import type { KeyFolderAcl } from './model.js';

const EVERYONE = 'S-1-1-0';
const USERS = 'S-1-5-32-545';
const AUTHENTICATED_USERS = 'S-1-5-11';
const ADMINISTRATORS = 'S-1-5-32-544';
const BROAD = new Set([EVERYONE, USERS, AUTHENTICATED_USERS]);

/**
 * Rights beyond the default: full control, modify, delete, delete children, change permissions,
 * take ownership, generic all, maximum allowed, access system security.
 */
const TOO_MUCH = new Set(['F', 'M', 'D', 'DC', 'WDAC', 'WO', 'GA', 'MA', 'AS']);
/** Rights that read a key file's contents when a file inherits them. */
const READS = new Set(['F', 'M', 'RX', 'R', 'GR', 'GA', 'RD', 'MA']);

function tooBroad(a: IcaclsAce): boolean {
  if (a.deny || a.sid === null || !BROAD.has(a.sid) || a.integrity) return false;
  // Inherit-only entries do not apply to the folder, but to the key files created in it.
  const toFiles = a.inheritance.includes('OI') && a.rights.some((r) => READS.has(r));
  return toFiles || writesFolder(a);
}

/** Full control, modify, delete, permissions or ownership on the folder itself. */
function writesFolder(a: IcaclsAce): boolean {
  return !a.inheritance.includes('IO') && a.rights.some((r) => TOO_MUCH.has(r));
}

/** The MachineKeys folder's own listing, judged; null when the evidence does not list it. */
export function buildMachineKeysFolder(parsed: ParsedBundle): KeyFolderAcl | null {
  // icacls or, when it is missing, localized or disagrees, Get-Acl SDDL (key-acl-sources.ts).
  const folder = keyAclPaths(parsed).paths.find((p) => p.kind === 'machinekeys');
  if (!folder) return null;
  const path = folder.path.replace(/\\+$/, '');
  const broad = folder.aces.filter(tooBroad);
  const allows = (sid: string, right: string): boolean =>
    folder.aces.some(
      (a) => a.sid === sid && !a.deny && !a.inheritance.includes('IO') && a.rights.includes(right),
    );
  const missingDefaults = [
    ...(allows(ADMINISTRATORS, 'F') ? [] : ['BUILTIN\\Administrators:(F)']),
    // (R,W) or more: anything that still lets every user create a key file counts as present.
    ...(folder.aces.some(
      (a) =>
        a.sid === EVERYONE &&
        !a.deny &&
        !a.inheritance.includes('IO') &&
        a.rights.some((r) => ['W', 'F', 'M', 'WD'].includes(r)),
    )
      ? []
      : ['Everyone:(R,W)']),
  ];
  const of = (sid: string): boolean => broad.some((a) => a.sid === sid);
  return {
    path,
    parentPath: path.slice(0, path.lastIndexOf('\\')),
    entries: folder.aces.map((a) => a.text),
    broadGrants: broad.map((a) => a.text),
    broadGrantCount: broad.length,
    writeGrants: broad.filter(writesFolder).map((a) => a.text),
    writeGrantCount: broad.filter(writesFolder).length,
    everyoneTooBroad: of(EVERYONE),
    usersTooBroad: of(USERS),
    authenticatedUsersTooBroad: of(AUTHENTICATED_USERS),
    broadGrantsInherited: broad.some((a) => a.inherited),
    missingDefaults,
    evidence: [
      {
        ...folder.evidence,
        label:
          folder.evidence.artifactId === 'cert.machinekeys-sddl'
            ? 'Get-Acl SDDL (MachineKeys folder)'
            : 'icacls (MachineKeys folder)',
      },
    ],
  };
}
