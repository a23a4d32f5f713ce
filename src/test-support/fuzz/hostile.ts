/**
 * Fixed hostile inputs every parser gets (a format's attack is another's noise): pcap / pcapng
 * with lying fields, lying TLS lengths, entity expansion, huge lines and the like.
 */
import type { FuzzInput } from './contract.js';

function pcapHeader(snaplen: number, linkType = 1): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(snaplen >>> 0, 16);
  h.writeUInt32LE(linkType >>> 0, 20);
  return h;
}

function pcapRecord(incl: number, orig: number, body: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(1, 0);
  h.writeUInt32LE(incl >>> 0, 8);
  h.writeUInt32LE(orig >>> 0, 12);
  return Buffer.concat([h, body]);
}

function pcapngBlock(type: number, body: Buffer, lying?: number, trailer?: number): Buffer {
  const len = 12 + body.length;
  const h = Buffer.alloc(8);
  h.writeUInt32LE(type >>> 0, 0);
  h.writeUInt32LE((lying ?? len) >>> 0, 4);
  const t = Buffer.alloc(4);
  t.writeUInt32LE((trailer ?? lying ?? len) >>> 0, 0);
  return Buffer.concat([h, body, t]);
}

function shb(): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x1a2b3c4d, 0);
  b.writeUInt16LE(1, 4);
  b.writeBigInt64LE(-1n, 8);
  return pcapngBlock(0x0a0d0d0a, b);
}

function idb(snaplen: number, linkType = 1): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(linkType, 0);
  b.writeUInt32LE(snaplen >>> 0, 4);
  return pcapngBlock(1, b);
}

function epb(capLen: number, origLen: number, data: Buffer, iface = 0): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(iface, 0);
  b.writeUInt32LE(capLen >>> 0, 12);
  b.writeUInt32LE(origLen >>> 0, 16);
  const pad = Buffer.alloc((4 - (data.length % 4)) % 4);
  return pcapngBlock(6, Buffer.concat([b, data, pad]));
}

/** An Ethernet/IPv4/TCP frame to port 443 carrying `payload` (checksums left zero). */

export function tcpFrame(payload: Buffer, seq = 1): Buffer {
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  ip.set([10, 0, 0, 1], 12);
  ip.set([10, 0, 0, 2], 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(50000, 0);
  tcp.writeUInt16BE(443, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp[12] = 0x50;
  tcp[13] = 0x18;
  tcp.writeUInt16BE(65535, 14);
  return Buffer.concat([eth, ip, tcp, payload]);
}

/** A TLS record whose handshake message claims `msgLen` bytes (up to 16 MiB). */
function lyingHello(recordLen: number, msgLen: number): Buffer {
  const rec = Buffer.alloc(5 + 4 + 2);
  rec[0] = 0x16;
  rec.writeUInt16BE(0x0301, 1);
  rec.writeUInt16BE(recordLen & 0xffff, 3);
  rec[5] = 1;
  rec.writeUIntBE(msgLen & 0xffffff, 6, 3);
  rec.writeUInt16BE(0x0303, 9);
  return rec;
}

// ---------------------------------------------------------------------------------------------
// Fixed hostile inputs: every parser gets every one of them (a format's attack is another's noise)

export interface HostileCase {
  name: string;
  input: () => FuzzInput;
}

const lines = (n: number, line: string): string =>
  Array.from({ length: n }, () => line).join('\r\n');

export const HOSTILE: readonly HostileCase[] = [
  { name: 'empty', input: () => Buffer.alloc(0) },
  { name: 'one NUL', input: () => Buffer.alloc(1) },
  { name: '64 KiB of NUL bytes', input: () => Buffer.alloc(65536) },
  { name: 'only a UTF-16LE BOM', input: () => Buffer.from([0xff, 0xfe]) },
  { name: 'UTF-16LE BOM and an odd byte', input: () => Buffer.from([0xff, 0xfe, 0x41]) },
  {
    name: 'UTF-16LE with lone surrogates',
    input: () => Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x0a, 0x00]),
  },
  {
    name: 'invalid UTF-8 everywhere',
    input: () =>
      Buffer.from(Array.from({ length: 8192 }, (_, i) => [0xc0, 0xff, 0x80, 0xed][i % 4]!)),
  },
  {
    name: 'prototype keys as labels, names and tags',
    input: () =>
      [
        'SSL Certificate bindings:',
        '    IP:port                      : 0.0.0.0:443',
        ...[
          'constructor',
          '__proto__',
          'toString',
          'hasOwnProperty',
          'valueOf',
          'prototype',
        ].flatMap((k) => [
          `    ${k}  : 0.0.0.0:443`,
          `${k}: x`,
          `"${k}"=dword:00000001`,
          `[${k}]`,
          `<${k}>x</${k}>`,
          `${k},${k}`,
          `  TCP    0.0.0.0:443  0.0.0.0:0  ${k}  4`,
          `${k} = ${k}`,
        ]),
        '{"constructor":{"prototype":{"x":1}},"__proto__":{"x":1},"toString":1}',
      ].join('\r\n'),
  },
  { name: 'a 4 MiB line of A', input: () => 'A'.repeat(4 << 20) },
  { name: 'a 1 MiB line of separators', input: () => ': = , " < > { ['.repeat(1 << 16) },
  { name: 'a 1 MiB line of spaces then a colon', input: () => ' '.repeat(1 << 20) + ':' },
  { name: '200,000 empty lines', input: () => '\r\n'.repeat(200_000) },
  { name: '100,000 lone CRs', input: () => '\r'.repeat(100_000) },
  {
    name: '50,000 sslcert-like records',
    input: () =>
      lines(
        50_000,
        '    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : ',
      ),
  },
  {
    name: '20,000 netstat lines',
    input: () =>
      lines(20_000, '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4'),
  },
  {
    name: '50,000 registry keys',
    input: () =>
      'Windows Registry Editor Version 5.00\r\n\r\n' +
      lines(50_000, '[HKEY_LOCAL_MACHINE\\SYSTEM\\x]\r\n"a"=dword:ffffffff'),
  },
  {
    name: 'a registry value continued over 100,000 lines',
    input: () =>
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\x]\r\n"a"=hex:' +
      lines(100_000, '  00,\\'),
  },
  { name: '40,000 unclosed DOCTYPEs', input: () => '<!DOCTYPE x ['.repeat(40_000) },
  { name: '40,000 unclosed comments', input: () => '<!--'.repeat(40_000) + '<sites>' },
  { name: '40,000 unclosed CDATA sections', input: () => '<![CDATA['.repeat(40_000) },
  { name: '40,000 unclosed tags', input: () => '<Event <site <binding '.repeat(13_000) },
  { name: 'XML nested 100,000 deep', input: () => '<a>'.repeat(100_000) + '</a>'.repeat(100_000) },
  {
    name: 'event XML nested 50,000 deep inside an Event',
    input: () =>
      '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>' +
      '<x>'.repeat(50_000) +
      '</x>'.repeat(50_000) +
      '</System></Event></Events>',
  },
  {
    name: 'billion laughs',
    input: () => {
      let d = '<!DOCTYPE lolz [<!ENTITY lol "lol">';
      for (let i = 1; i < 10; i++)
        d += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
      return `<?xml version="1.0"?>${d}]><Events><Event><System><Provider Name="&lol9;"/><EventID>&lol9;</EventID></System><EventData><Data Name="x">&lol9;</Data></EventData></Event></Events>`;
    },
  },
  {
    name: 'billion laughs in applicationHost.config',
    input: () => {
      let d = '<!DOCTYPE c [<!ENTITY a0 "aaaaaaaaaa">';
      for (let i = 1; i < 10; i++) d += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
      return `<?xml version="1.0"?>${d}]><configuration><system.applicationHost><sites><site name="&a9;" id="1"><bindings><binding protocol="https" bindingInformation="&a9;" /></bindings></site></sites></system.applicationHost></configuration>`;
    },
  },
  {
    name: 'external entity (XXE)',
    input: () =>
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Events><Event><System><Provider Name="&xxe;"/></System></Event></Events>',
  },
  {
    name: '100,000 attributes on one element',
    input: () =>
      `<Events><Event ${Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(' ')}></Event></Events>`,
  },
  { name: 'JSON nested 100,000 deep', input: () => '['.repeat(100_000) + ']'.repeat(100_000) },
  {
    name: 'JSON objects nested 50,000 deep',
    input: () => '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
  },
  {
    name: 'JSON with __proto__ keys',
    input: () =>
      '[{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"Thumbprint":"AA"}]',
  },
  {
    name: 'PowerShell dates out of range',
    input: () =>
      '[{"Thumbprint":"AA","NotAfter":"\\/Date(99999999999999999999)\\/","NotBefore":"/Date(-8640000000000001)/",' +
      '"TimeCreated":"/Date(8640000000000001+0000)/","Date":"+275760-09-13T00:00:00.001Z"}]',
  },
  {
    name: 'JSON huge number',
    input: () => `[{"LocalPort":1e309,"OwningProcess":${'9'.repeat(1000)}}]`,
  },
  {
    name: 'CSV with a 1 MiB quoted field',
    input: () => `"Image Name","PID"\r\n"${'x'.repeat(1 << 20)}","4"`,
  },
  {
    name: 'CSV with an unterminated quote',
    input: () => `"Image Name","PID","Services"\r\n"a,${'b\r\n'.repeat(10_000)}`,
  },
  {
    name: 'PEM with a 2 MiB body',
    input: () =>
      `-----BEGIN CERTIFICATE-----\n${'QUFB'.repeat(1 << 19)}\n-----END CERTIFICATE-----\n`,
  },
  {
    name: 'PEM with an invalid body',
    input: () => '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n',
  },
  {
    name: 'DER with a 4 GB length',
    input: () => Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00]),
  },
  {
    name: 'DER with a 2^64 length',
    input: () => Buffer.from([0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00]),
  },
  {
    name: 'DER with a 127-byte length',
    input: () => Buffer.concat([Buffer.from([0x30, 0xff]), Buffer.alloc(127, 0xff)]),
  },
  {
    name: 'DER nested 10,000 deep',
    input: () =>
      Buffer.concat([
        ...Array.from({ length: 10_000 }, () => Buffer.from([0x30, 0x80])),
        Buffer.alloc(20_000),
      ]),
  },
  { name: 'pcap header only, snaplen 4 GiB', input: () => pcapHeader(0xffffffff) },
  {
    name: 'pcap record with incl_len 4 GiB',
    input: () =>
      Buffer.concat([pcapHeader(0xffffffff), pcapRecord(0xffffffff, 0xffffffff, Buffer.alloc(64))]),
  },
  {
    name: 'pcap record with incl_len 2 GiB - 1',
    input: () => Buffer.concat([pcapHeader(65535), pcapRecord(0x7fffffff, 60, Buffer.alloc(64))]),
  },
  {
    name: 'pcap record with incl_len 16 MiB',
    input: () =>
      Buffer.concat([pcapHeader(65535), pcapRecord(16 << 20, 16 << 20, Buffer.alloc(64))]),
  },
  {
    name: 'pcap record with incl_len > orig_len',
    input: () =>
      Buffer.concat([pcapHeader(65535), pcapRecord(200, 10, tcpFrame(Buffer.alloc(146)))]),
  },
  {
    name: 'pcap with 20,000 records of 0 bytes',
    input: () =>
      Buffer.concat([
        pcapHeader(65535),
        ...Array.from({ length: 20_000 }, () => pcapRecord(0, 0, Buffer.alloc(0))),
      ]),
  },
  {
    name: 'pcap with an unknown link type',
    input: () => Buffer.concat([pcapHeader(65535, 0xffff), pcapRecord(60, 60, Buffer.alloc(60))]),
  },
  {
    name: 'pcap TLS record claiming a 16 MiB handshake',
    input: () => {
      const f = tcpFrame(lyingHello(0xffff, 0xffffff));
      return Buffer.concat([pcapHeader(65535), pcapRecord(f.length, f.length, f)]);
    },
  },
  {
    name: 'pcap with 5,000 TLS segments each claiming a 16 MiB handshake on a new connection',
    input: () => {
      const recs: Buffer[] = [pcapHeader(65535)];
      for (let i = 0; i < 5000; i++) {
        const f = tcpFrame(lyingHello(0xffff, 0xffffff));
        f.writeUInt16BE(1024 + i, 34); // new source port each time
        recs.push(pcapRecord(f.length, f.length, f));
      }
      return Buffer.concat(recs);
    },
  },
  {
    name: 'pcap with 3,000 out-of-order TLS segments on one connection',
    input: () => {
      const recs: Buffer[] = [pcapHeader(65535)];
      for (let i = 0; i < 3000; i++) {
        const f = tcpFrame(Buffer.alloc(1000, 0x16), 1 + (3000 - i) * 100_000);
        recs.push(pcapRecord(f.length, f.length, f));
      }
      return Buffer.concat(recs);
    },
  },
  { name: 'pcapng SHB only', input: () => shb() },
  {
    name: 'pcapng block claiming 4 GiB',
    input: () => Buffer.concat([shb(), pcapngBlock(6, Buffer.alloc(32), 0xfffffff0)]),
  },
  {
    name: 'pcapng block length not a multiple of 4',
    input: () => Buffer.concat([shb(), pcapngBlock(6, Buffer.alloc(32), 45)]),
  },
  {
    name: 'pcapng block length smaller than its header',
    input: () => Buffer.concat([shb(), pcapngBlock(6, Buffer.alloc(32), 4)]),
  },
  {
    name: 'pcapng trailer length disagreeing',
    input: () =>
      Buffer.concat([shb(), idb(65535), pcapngBlock(6, Buffer.alloc(32), undefined, 999)]),
  },
  {
    name: 'pcapng IDB with snaplen 4 GiB and an EPB lying about its capture length',
    input: () =>
      Buffer.concat([
        shb(),
        idb(0xffffffff),
        epb(0xfffffff0, 0xfffffff0, tcpFrame(Buffer.alloc(10))),
      ]),
  },
  {
    name: 'pcapng EPB on an interface that does not exist',
    input: () => Buffer.concat([shb(), idb(65535), epb(60, 60, tcpFrame(Buffer.alloc(6)), 0xffff)]),
  },
  {
    name: 'pcapng SHB with a bad byte-order magic',
    input: () => {
      const b = shb();
      b.writeUInt32LE(0xdeadbeef, 8);
      return Buffer.concat([b, idb(65535)]);
    },
  },
  {
    name: 'pcapng 10,000 IDBs',
    input: () => Buffer.concat([shb(), ...Array.from({ length: 10_000 }, () => idb(65535))]),
  },
];
