import { describe, expect, it } from 'vitest';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { parseNetshServicestate, parseRegisteredUrl } from './netsh-servicestate.js';

const ID = 'httpsys.servicestate';
const IIS = 'netsh-servicestate.sample.en-htb-writeup-session-view-iis-defaultapppool-wsman.txt';
const AZURE = 'netsh-servicestate.sample.en-azure-local-tsg-requestq-nchostagent-https-443.txt';
const BLOG = 'netsh-servicestate.sample.en-blog-port-80-pid-4-session-view.txt';
const read = (name: string, text?: string) =>
  parseNetshServicestate(fixtureText(import.meta.url, name, ID, text));

/** Records without evidence, to compare a mangled copy with the original. */
const bare = (name: string, text?: string): unknown =>
  JSON.parse(
    JSON.stringify(read(name, text).value, (k, v: unknown) => (k === 'evidence' ? undefined : v)),
  );

describe('httpsys.servicestate', () => {
  it('reads a real session view: WinRM group, IIS pool with its controller and no worker', () => {
    const { value, issues } = read(IIS);
    expect(issues).toEqual([]);
    expect(value.view).toBe('session');
    expect(value.sessions.map((s) => s.id)).toEqual(['FF00000120000001', 'FD00000120000001']);
    expect(value.urlGroups).toMatchObject([
      {
        id: 'FE00000140000001',
        queueName: null,
        queueIndex: 0, // the only unnamed queue
        sessionId: 'FF00000120000001',
        urls: [{ url: 'HTTP://+:5985/WSMAN/', port: 5985 }, { port: 47001 }],
      },
      {
        id: 'FF00000040000001',
        state: 'Active',
        queueName: 'DefaultAppPool',
        queueIndex: 1,
        urls: [{ host: '127.0.0.1', port: 8000, boundAddress: '127.0.0.1', path: '/' }],
      },
    ]);
    expect(value.queues).toMatchObject([
      { name: null, version: '1.0', processes: [{ pid: 3416, image: null }], controllerPid: null },
      { name: 'DefaultAppPool', state: 'Active', controllerPid: 3408, processes: [] },
    ]);
    expect(value.queues[1]!.evidence).toMatchObject({ lines: { start: 75, end: 82 } });
    expect(value.urlGroups[1]!.evidence.lines!.start).toBe(43);
  });

  it('reads a real queue of the newer format: image, services and an https URL', () => {
    const { value, issues } = read(AZURE);
    expect(issues).toEqual([]);
    expect(value.queues).toMatchObject([
      {
        name: null,
        processes: [
          { pid: 2688, image: 'C:\\Windows\\System32\\svchost.exe', services: ['NcHostAgent'] },
        ],
        urls: [{ scheme: 'https', host: '+', port: 443, path: '/HOSTAGENT/VSWITCH/' }],
        evidence: { lines: { start: 1, end: 18 } },
      },
    ]);
  });

  it('reads the real blog session view', () => {
    const { value } = read(BLOG);
    expect(value.urlGroups).toMatchObject([{ queueIndex: 0, urls: [{ port: 80 }] }]);
    expect(value.queues).toMatchObject([{ processes: [{ pid: 2668 }] }]);
  });

  it.each(MANGLINGS.map((m) => [m.name, m] as const))('reads the same records when %s', (_n, m) => {
    for (const name of [IIS, AZURE, BLOG]) {
      const text = m.apply(fixtureText(import.meta.url, name, ID).text);
      expect(bare(name, text)).toEqual(bare(name));
    }
  });

  it('reads the request-queue view: groups under their queue', () => {
    const { value, issues } = parseNetshServicestate(
      inlineText(
        [
          'Snapshot of HTTP service state (Request Queue View):',
          '-----------------------------------------------------',
          '',
          'Request queue name: Request queue is unnamed.',
          '    Process IDs:',
          '        4120',
          '    URL groups:',
          '    URL group ID: FD00000040000002',
          '        Request queue name: Request queue is unnamed.',
          '        Registered URLs:',
          '            HTTPS://+:8443/API/',
          '',
          'Request queue name: Request queue is unnamed.',
          '    Process IDs:',
          '        5200',
          '    URL groups:',
          '    URL group ID: FD00000040000003',
          '        Registered URLs:',
          '            HTTPS://WWW.CONTOSO.COM:9443/',
        ].join('\n'),
        ID,
      ),
    );
    expect(issues).toEqual([]);
    expect(value.view).toBe('requestq');
    expect(value.urlGroups).toMatchObject([
      { queueIndex: 0, urls: [{ port: 8443 }] },
      { queueIndex: 1, urls: [{ host: 'www.contoso.com', port: 9443 }] },
    ]);
    expect(value.queues.map((q) => q.processes.map((p) => p.pid))).toEqual([[4120], [5200]]);
  });

  it('reports what it cannot read and keeps the rest', () => {
    const { value, issues } = parseNetshServicestate(
      inlineText(
        'Request queue name: Q\n  Process IDs:\n    12\nrandom words\n  HTTP://+:99999/\n',
        ID,
      ),
    );
    expect(value.queues).toMatchObject([{ name: 'Q', processes: [{ pid: 12 }] }]);
    expect(issues).toMatchObject([
      { code: 'unrecognized-line', line: 4 },
      { code: 'invalid-url', line: 5 },
    ]);
    expect(parseNetshServicestate(inlineText('', ID)).issues).toMatchObject([
      { code: 'empty-input' },
    ]);
    expect(parseRegisteredUrl('HTTPS://[::1]:443:[::1]/x/')).toMatchObject({
      host: '::1',
      boundAddress: '::1',
    });
  });
});
