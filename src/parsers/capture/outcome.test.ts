import { describe, expect, it } from 'vitest';
import { KindNames, kindName, outcomeOf } from './outcome.js';
import type { Conn } from './tracker.js';
import type { RawClientHello } from './tls.js';

/** A connection as the tracker leaves it, with only what outcome and kind naming read. */
function conn(ch: RawClientHello | null, server = 0x0a000001): Conn {
  const d0 = { packets: 3, rst: 0, fin: 0 };
  const d1 = { ...d0 };
  return {
    chDir: 0,
    shDir: -1,
    synFrom: 0,
    a0: 0xc0a80001,
    a1: 0,
    a2: 0,
    a3: 0,
    ap: 50000,
    b0: server,
    b1: 0,
    b2: 0,
    b3: 0,
    bp: 443,
    ch,
    sh: null,
    alerts: [],
    established: false,
    gapNoted: false,
    d0,
    d1,
    d: [d0, d1],
  } as unknown as Conn;
}

/** An SSL 2.0 CLIENT-HELLO as parseSslv2ClientHello returns it: a new object per connection. */
const sslv2Hello = (): RawClientHello => ({
  sslv2: true,
  legacyVersion: 0x0301,
  cipherSuites: [0x010080, 0x0700c0],
  extensions: [],
  supportedVersions: null,
  serverName: null,
  alpn: [],
  groups: [],
  signatureAlgorithms: [],
});

describe('capture kinds', () => {
  it('remembers one kind for many connections whose equal hellos are distinct objects', () => {
    // SSL 2.0 hellos are never interned: comparing hellos by identity made every such connection
    // a new entry of one hash chain (quadratic in their number).
    const kinds = new KindNames();
    const names = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const c = conn(sslv2Hello());
      names.add(kinds.name(c, outcomeOf(c, false)));
    }
    expect(names.size).toBe(1);
    expect(kinds.size).toBe(1);
  });

  it('names what kindName names, and tells kinds apart by SNI, offered versions and server', () => {
    const kinds = new KindNames();
    const tls = (sni: string | null, versions: number[] | null): RawClientHello => ({
      ...sslv2Hello(),
      sslv2: false,
      serverName: sni,
      supportedVersions: versions,
    });
    const cases = [
      conn(tls('a.example', [0x0304, 0x0303])),
      conn(tls('b.example', [0x0304, 0x0303])),
      conn(tls('a.example', [0x0303])),
      conn(tls('a.example', null)),
      conn(tls('a.example', [0x0304, 0x0303]), 0x0a000002),
      conn(null),
    ];
    for (const c of [...cases, ...cases]) {
      const o = outcomeOf(c, false);
      expect(kinds.name(c, o)).toBe(kindName(c, o));
    }
    expect(kinds.size).toBe(cases.length);
  });
});

describe('capture outcome', () => {
  const hello = (): RawClientHello => ({
    ...sslv2Hello(),
    sslv2: false,
    serverName: 'www.contoso.com',
  });
  const alert = (dir: number, frame: number) => ({ level: 2, desc: 50, dir, frame });

  it('a client alert after the server closed before any ServerHello is the close (judge12 S2)', () => {
    const c = conn(hello());
    c.d[1]!.fin = 6;
    (c as { alerts: unknown[] }).alerts = [alert(0, 7)];
    expect(outcomeOf(c)).toMatchObject({ outcome: 'failed', kind: 'fin', by: 1 });
    expect(outcomeOf(c).reason).toMatch(
      /TCP close \(FIN\) by the server in frame 6 after the ClientHello/,
    );
    c.d[1]!.fin = 0;
    c.d[1]!.rst = 6;
    expect(outcomeOf(c)).toMatchObject({ outcome: 'failed', kind: 'rst', by: 1 });
  });

  it("a FIN from the server, the client's alert, then a RST from the server is a close (judge15 M5)", () => {
    const c = conn(hello());
    c.d[1]!.fin = 6;
    c.d[1]!.rst = 8;
    (c as { alerts: unknown[] }).alerts = [alert(0, 7)];
    expect(outcomeOf(c)).toMatchObject({ outcome: 'failed', kind: 'fin', by: 1 });
    // A reset first is still the reset.
    c.d[1]!.fin = 9;
    c.d[1]!.rst = 6;
    expect(outcomeOf(c)).toMatchObject({ outcome: 'failed', kind: 'rst', by: 1 });
  });

  it('keeps the alert when the client sent it first, or when the server alerted', () => {
    const c = conn(hello());
    c.d[1]!.fin = 9;
    (c as { alerts: unknown[] }).alerts = [alert(0, 7)];
    expect(outcomeOf(c)).toMatchObject({ outcome: 'failed', kind: 'alert', by: 0, alert: 50 });
    (c as { alerts: unknown[] }).alerts = [alert(1, 10)];
    c.d[1]!.fin = 6;
    expect(outcomeOf(c)).toMatchObject({ outcome: 'failed', kind: 'alert', by: 1 });
  });

  it('names why a connection is incomplete, in the order the verdict asks', () => {
    const c = conn(null);
    expect(outcomeOf(c).reason).toMatch(/^no ClientHello in the capture/);
    (c as { ch: RawClientHello | null }).ch = hello();
    c.d[1]!.packets = 0;
    expect(outcomeOf(c).reason).toBe('only the client side of the connection was captured');
    // A close seen from one side only is no failure: still incomplete.
    c.d[1]!.rst = 8;
    expect(outcomeOf(c, false)).toMatchObject({ outcome: 'incomplete', kind: null, by: -1 });
    c.d[1]!.rst = 0;
    c.d[1]!.packets = 2;
    expect(outcomeOf(c).reason).toMatch(/^no ServerHello in the capture/);
    const sh = { sslv2: false } as NonNullable<Conn['sh']>;
    (c as { sh: Conn['sh'] }).sh = sh;
    expect(outcomeOf(c).reason).toBe('the handshake did not finish within the capture');
    (c as { gapNoted: boolean }).gapNoted = true;
    expect(outcomeOf(c).reason).toBe('part of the handshake is missing from the capture');
    // An SSL 2.0 SERVER-HELLO without a reset is as far as SSL 2.0 can be read: established.
    (c as { sh: Conn['sh'] }).sh = { ...sh, sslv2: true };
    expect(outcomeOf(c)).toMatchObject({ outcome: 'established', reason: null });
  });
});
