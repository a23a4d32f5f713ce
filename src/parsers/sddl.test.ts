import { describe, expect, it } from 'vitest';
import { icaclsRightsOf, parseSddl, sidName } from './sddl.js';

// The MachineKeys default descriptor, as a Microsoft Azure VM support script compares it
// (machinekeys-sddl.samples.md).
const DEFAULT = 'O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)';

describe('sddl', () => {
  it('reads owner, group, DACL flags and ACEs of the real MachineKeys default', () => {
    const s = parseSddl(DEFAULT);
    expect(s).toMatchObject({ owner: 'S-1-5-18', group: 'S-1-5-18', daclFlags: ['P', 'AI'] });
    expect(s.errors).toEqual([]);
    expect(s.aces).toMatchObject([
      { type: 'A', allow: true, sid: 'S-1-1-0', alias: 'WD', name: 'Everyone', mask: 0x12019f },
      { sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators', rights: ['FA'], mask: 0x1f01ff },
    ]);
    expect(s.aces.map((a) => a.icaclsRights)).toEqual([['R', 'W'], ['F']]);
  });

  it('reads deny, inherited and inheritance flags, service and app-pool SIDs', () => {
    const s = parseSddl(
      'D:(D;OICI;FA;;;SY)(A;ID;FR;;;S-1-5-82-1-2-3-4-5)(A;;GX;;;S-1-5-80-9-8-7-6-5)(A;OICIIO;GA;;;CO)',
    );
    expect(s.aces).toMatchObject([
      { deny: true, allow: false, flags: ['OI', 'CI'], icaclsRights: ['F'], sid: 'S-1-5-18' },
      { inherited: true, icaclsRights: ['R'], name: 'IIS APPPOOL\\(application pool)' },
      { rights: ['GX'], icaclsRights: ['GE'], name: 'NT SERVICE\\(service)' },
      { flags: ['OI', 'CI', 'IO'], icaclsRights: ['GA'], sid: 'S-1-3-0' },
    ]);
  });

  it('keeps the readable ACEs and lists the unreadable parts', () => {
    const s = parseSddl('D:P(A;;FA;;;SY)(garbage)junk(A;;FR;;;BU)');
    expect(s.aces.map((a) => a.sid)).toEqual(['S-1-5-18', 'S-1-5-32-545']);
    expect(s.errors).toEqual(['(garbage)', 'junk']);
    expect(parseSddl('not an sddl').errors).toEqual(['not an sddl']);
  });

  it('names rights masks as icacls does and SIDs it knows', () => {
    expect(icaclsRightsOf(0x1301bf)).toEqual(['M']);
    expect(icaclsRightsOf(0x1200a9)).toEqual(['RX']);
    expect(icaclsRightsOf(0x10000)).toEqual(['D']);
    expect(sidName('S-1-5-20')).toBe('NT AUTHORITY\\NETWORK SERVICE');
    expect(sidName('S-1-5-21-1-2-3-500')).toBeNull();
  });
});
