import { describe, expect, it } from 'vitest';
import { ClientHelloScratch, parseClientHello, scanClientHello } from './tls.js';

/** A ClientHello body (no record or handshake header) with one server_name entry. */
function clientHello(name: Buffer): Buffer {
  const entry = Buffer.concat([Buffer.from([0, name.length >> 8, name.length & 255]), name]);
  const list = Buffer.concat([Buffer.from([entry.length >> 8, entry.length & 255]), entry]);
  const ext = Buffer.concat([Buffer.from([0, 0, list.length >> 8, list.length & 255]), list]);
  return Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 7), // random
    Buffer.from([0]), // session id
    Buffer.from([0, 2, 0xc0, 0x2f]), // one cipher suite
    Buffer.from([1, 0]), // compression: null
    Buffer.from([ext.length >> 8, ext.length & 255]),
    ext,
  ]);
}

describe('capture tls: SNI host_name', () => {
  it('reads an A-label as it is and raw UTF-8 as UTF-8 (synthetic: no real client sends it)', () => {
    const a = clientHello(Buffer.from('xn--bcher-kva.contoso.de'));
    expect(parseClientHello(a, 0, a.length)!.serverName).toBe('xn--bcher-kva.contoso.de');
    const u = clientHello(Buffer.from('bücher.contoso.de', 'utf8'));
    expect(parseClientHello(u, 0, u.length)!.serverName).toBe('bücher.contoso.de');
    const bad = clientHello(Buffer.from([0x62, 0xfc, 0x63])); // Latin-1 "büc", not UTF-8
    expect(parseClientHello(bad, 0, bad.length)!.serverName).toBe('büc');
  });

  it('names each hello alike when one scratch reads them in turn (the last name is reused)', () => {
    const names = [
      Buffer.from('www.contoso.com'),
      Buffer.from('www.contoso.com'),
      Buffer.from('www.contoso.net'),
      Buffer.from('bücher.de', 'utf8'),
      Buffer.from([0x62, 0xfc, 0x63]),
      Buffer.from([0x62, 0xfc, 0x63]),
      Buffer.from('büc', 'utf8'),
      Buffer.from(''),
    ];
    const scratch = new ClientHelloScratch();
    for (const name of names) {
      const h = clientHello(name);
      expect(scanClientHello(h, 0, h.length, scratch)).toBe(true);
      expect(scratch.serverName).toBe(parseClientHello(h, 0, h.length)!.serverName);
    }
  });
});
