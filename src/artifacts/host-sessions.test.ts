import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sessionHosts } from './host-sessions.js';

// judge7 case t18 (src/fixtures/judge7/README.md): WEB01's console, then Enter-PSSession WEB02.
const T18 = readFileSync(
  new URL('../fixtures/judge7/t18-one-file-two-servers-psremoting/output.txt', import.meta.url),
  'utf8',
).split(/\r?\n/);
const at = (text: string) => sessionHosts(text.split('\n'));

describe('sessionHosts', () => {
  it('t18: the local console (hostname WEB01) and the remote prompt [WEB02] each printed output', () => {
    expect(sessionHosts(T18)).toEqual([
      { name: 'WEB01', line: 3 },
      { name: 'WEB02', line: 33 },
    ]);
  });

  it('control: remote prompts of one host only, with mail text before them, are one machine', () => {
    const remoteOnly = ['Hi, the output from WEB02:', '', ...T18.slice(30)];
    expect(sessionHosts(remoteOnly)).toEqual([{ name: 'WEB02', line: 5 }]);
  });

  it('reads a real remoting prompt (ipconfig write-up, ipconfig.samples.md) as one host', () => {
    const real = readFileSync(
      new URL('../parsers/ipconfig.sample.en-plain-psremoting-writeup.txt', import.meta.url),
      'utf8',
    ).split(/\r?\n/);
    expect(sessionHosts(real)).toEqual([{ name: 'hr-dc02.gcbhr.local', line: 1 }]);
  });

  it('counts the unnamed local console when it printed output before Enter-PSSession', () => {
    expect(
      at(
        [
          'PS C:\\> netsh http show sslcert',
          '    IP:port : 0.0.0.0:443',
          'PS C:\\> Enter-PSSession -ComputerName web02.contoso.com',
          '[web02.contoso.com]: PS C:\\> netsh http show sslcert',
          '    IP:port : 0.0.0.0:443',
        ].join('\n'),
      ),
    ).toEqual([
      { name: null, line: 1 },
      { name: 'web02.contoso.com', line: 4 },
    ]);
  });

  it('reads the SSH form [user@host]: and one machine under its short and long name', () => {
    expect(
      at(
        [
          'PS C:\\> hostname',
          'WEB02',
          'PS C:\\> Enter-PSSession -HostName adm@web02.contoso.com',
          '[adm@web02.contoso.com]: PS C:\\> netsh http show sslcert',
          'x',
          '[adm@web02.contoso.com]: PS C:\\> exit',
          'PS C:\\> netsh http show iplisten',
          'y',
        ].join('\n'),
      ),
    ).toEqual([{ name: 'WEB02', line: 4 }]);
  });

  it('takes localhost as the machine itself', () => {
    expect(
      at(
        ['PS C:\\> dir', 'a', 'PS C:\\> etsn localhost', '[localhost]: PS C:\\> dir', 'b'].join(
          '\n',
        ),
      ),
    ).toEqual([{ name: null, line: 1 }]);
  });

  it('gives the output of Invoke-Command -ComputerName to each host it names', () => {
    expect(
      at(
        [
          'PS C:\\> Invoke-Command -ComputerName WEB03,WEB04 { netsh http show sslcert }',
          '    IP:port : 0.0.0.0:443',
        ].join('\n'),
      ),
    ).toEqual([
      { name: 'WEB03', line: 1 },
      { name: 'WEB04', line: 1 },
    ]);
    expect(
      at(
        ['PS C:\\> icm -cn WEB03 { netsh http show sslcert }', '    IP:port : 0.0.0.0:443'].join(
          '\n',
        ),
      ),
    ).toEqual([{ name: 'WEB03', line: 1 }]);
  });

  it('starts another machine when a later hostname answer differs (two consoles pasted together)', () => {
    expect(
      at(
        [
          'C:\\>hostname',
          'WEB01',
          'C:\\>netstat -ano',
          'a',
          'C:\\>hostname',
          'WEB05',
          'C:\\>netstat -ano',
          'b',
        ].join('\n'),
      ),
    ).toEqual([
      { name: 'WEB01', line: 3 },
      { name: 'WEB05', line: 7 },
    ]);
  });

  it('counts no output of hostname, Enter/Exit-PSSession, exit or a transcript footer', () => {
    expect(
      at(
        [
          '**********************',
          'Windows PowerShell transcript start',
          'PS C:\\> hostname',
          'WEB01',
          'PS C:\\> Enter-PSSession WEB02',
          '[WEB02]: PS C:\\> netsh http show sslcert',
          'x',
          '[WEB02]: PS C:\\> Exit-PSSession',
          'PS C:\\> Stop-Transcript',
          '**********************',
          'Windows PowerShell transcript end',
        ].join('\n'),
      ),
    ).toEqual([{ name: 'WEB02', line: 6 }]);
  });
});
