import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { joinedRows, NETWORK_IIS_INVENTORIES } from './inventories-network-iis.js';

const sample = (name: string) => new URL(`../../samples/${name}/`, import.meta.url).pathname;

describe('network / IIS inventories', () => {
  it('joins the IIS binding to its HTTP.sys entry, certificate, site and the process holding the port', async () => {
    const { facts } = await analyze([sample('s3-port-conflict')]);
    const rows = joinedRows(facts);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      key: 'site/1/https/1',
      endpoint: '*:443',
      httpSys: 'ipport 0.0.0.0:443',
      site: 'Default Web Site (id 1, ⚠ Stopped)',
    });
    expect(rows[0]!.listener).toContain(
      '⚠ 0.0.0.0:443 vmware-hostd.exe (PID 26800, service VMwareHostd)',
    );
    // Findings on the HTTP.sys entry, the site and the listeners are marked on this row too.
    expect(rows[0]!.related).toEqual([
      { scope: 'binding', key: 'ipport:0.0.0.0:443' },
      { scope: 'site', key: 'site/1' },
      { scope: 'listener', key: 'tcp/0.0.0.0:443/26800' },
      { scope: 'listener', key: 'tcp/[::]:443/26800' },
    ]);
    expect(NETWORK_IIS_INVENTORIES[0]!.related?.(rows[0]!)).toHaveLength(4);
  });

  it('marks missing HTTP.sys entries in place and keeps the served bindings clean', async () => {
    const { facts } = await analyze([sample('iis-httpsys-mismatch')]);
    const byKey = new Map(joinedRows(facts).map((r) => [r.key, r]));
    expect(byKey.get('site/2/https/0')?.httpSys).toBe('hostnameport www.contoso.com:443');
    expect(byKey.get('site/2/https/1')?.httpSys).toBe(
      '⚠ missing hostnameport shop.contoso.com:443 → falls back to 0.0.0.0:443',
    );
    expect(byKey.get('site/2/https/2')?.httpSys).toBe('⚠ missing ccs 443');
    // The same marks in the report's other language.
    const table = NETWORK_IIS_INVENTORIES[0]!;
    const zhRow = table.rows(facts).find((r) => r.key === 'site/2/https/1')!;
    expect(table.columns[1]!.cell(zhRow, 'zh-CN')).toBe(
      '⚠ 缺少 hostnameport shop.contoso.com:443 → 回退到 0.0.0.0:443',
    );
    expect(byKey.get('site/3/https/0')).toMatchObject({
      httpSys: '⚠ missing ipport 10.0.0.6:8443',
      listener: '0.0.0.0:8443 System (PID 4)',
    });
  });

  it('lists HTTP.sys entries no IIS binding uses, and the IP listen list problem', async () => {
    const { facts } = await analyze([sample('iis-ip-not-listened')]);
    const rows = joinedRows(facts);
    expect(rows.find((r) => r.key === 'site/2/https/0')).toMatchObject({
      httpSys: 'ipport 10.0.0.7:443 ⚠ 10.0.0.7 not in IP listen list',
      listener: '⚠ nobody',
    });
    const healthy = joinedRows((await analyze([sample('healthy')])).facts);
    expect(healthy.every((r) => !`${r.httpSys}${r.site}${r.listener}`.includes('⚠'))).toBe(true);
  });

  it('declares the joined, listener and site tables with en and zh-CN headers', () => {
    expect(NETWORK_IIS_INVENTORIES.map((i) => [i.id, i.scope])).toEqual([
      ['https-endpoints', 'iisBinding'],
      ['listeners', 'listener'],
      ['sites', 'site'],
    ]);
    for (const inv of NETWORK_IIS_INVENTORIES)
      for (const c of inv.columns) expect(c.header['zh-CN'].length).toBeGreaterThan(0);
  });
});
