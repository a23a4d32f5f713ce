import { describe, expect, it } from 'vitest';
import {
  alertInfo,
  HRESULTS,
  hresultInfo,
  normalizeHresult,
  SCHANNEL_EVENTS,
  TLS_ALERTS,
} from './windows-codes.js';

describe('windows-codes', () => {
  it('normalizes error codes as events and tools write them', () => {
    expect(normalizeHresult('0x8009030D')).toBe('0x8009030d');
    expect(normalizeHresult('8009001A')).toBe('0x8009001a'); // CAPI2 Result value
    expect(normalizeHresult('-2146762480')).toBe('0x800b0110'); // the IIS article's decimal form
    expect(normalizeHresult('0x0')).toBe('0x00000000');
    expect(normalizeHresult('server')).toBeNull();
    expect(normalizeHresult(undefined)).toBeNull();
  });

  it('decodes the scenario-2 codes and the TLS alerts', () => {
    expect(hresultInfo('0x80090016')?.name).toBe('NTE_BAD_KEYSET');
    expect(hresultInfo('0x8009001a')?.name).toBe('NTE_KEYSET_ENTRY_BAD');
    expect(hresultInfo('0x800b0109')?.name).toBe('CERT_E_UNTRUSTEDROOT');
    expect(hresultInfo('0x800b0110')?.name).toBe('CERT_E_WRONG_USAGE');
    expect(alertInfo(70)?.name).toBe('protocol_version');
    expect(alertInfo(40)?.name).toBe('handshake_failure');
    expect(alertInfo(999)).toBeNull();
  });

  it('keeps its tables in canonical form', () => {
    for (const k of Object.keys(HRESULTS)) expect(k).toMatch(/^0x[0-9a-f]{8}$/);
    // Every alert of the IANA registry that TLS 1.2 / 1.3 define (RFC 5246 §7.2, RFC 8446 §6).
    for (const n of [
      0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 60, 70, 71, 80, 86, 90,
      100, 109, 110, 111, 112, 113, 114, 115, 116, 120,
    ]) {
      expect(TLS_ALERTS[n]?.name).toMatch(/^[a-z_A-Z]+$/);
    }
    for (let id = 36869; id <= 36888; id++) expect(SCHANNEL_EVENTS[id]).toBeTruthy();
  });
});
