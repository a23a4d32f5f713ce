import { describe, expect, it } from 'vitest';
import type { BindingEntity, ConnectionEntity, IisBindingEntity } from './model.js';
import { markSniSpared, markUnusedEndpoints } from './unused-endpoint.js';

const IIS = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
const entry = (endpoint: string, over: Partial<BindingEntity> = {}): BindingEntity => {
  const [address, port] = [endpoint.slice(0, endpoint.lastIndexOf(':')), endpoint.split(':').pop()];
  return {
    key: `ipport:${endpoint}`,
    type: 'ipport',
    endpoint,
    address,
    port: Number(port),
    applicationId: IIS,
    certificateHash: 'a'.repeat(40),
    iisBindings: [],
    iisHttpsBindingCount: 1,
    otherOwner: null,
    ...over,
  } as BindingEntity;
};
/** An entry read without IIS evidence: no iisBindings at all. */
const withoutIis = (): BindingEntity => {
  const { iisBindings: _, ...rest } = entry('0.0.0.0:443');
  return rest as BindingEntity;
};
const iis = (over: Partial<IisBindingEntity>): IisBindingEntity =>
  ({ port: 443, httpSysMatch: 'exact', fallbackEndpoint: null, ...over }) as IisBindingEntity;
const unused = (
  bindings: BindingEntity[],
  iisBindings: IisBindingEntity[],
  connections: Partial<ConnectionEntity>[] = [],
): boolean[] =>
  markUnusedEndpoints(bindings, iisBindings, connections as ConnectionEntity[]).map(
    (p) => p.set.noSiteUses!,
  );

describe('facts/unused-endpoint', () => {
  it('marks an IIS-owned entry no IIS binding resolves to', () => {
    expect(unused([entry('0.0.0.0:443')], [iis({})])).toEqual([true]);
  });

  it('keeps the wildcard an IIS binding without its own entry falls back to', () => {
    expect(unused([entry('0.0.0.0:443')], [iis({ httpSysMatch: 'none' })])).toEqual([false]);
    expect(
      unused(
        [entry('0.0.0.0:443')],
        [iis({ httpSysMatch: 'none', fallbackEndpoint: '0.0.0.0:443' })],
      ),
    ).toEqual([false]);
  });

  it('decides nothing on a port whose lookups are unknown, nor without IIS evidence', () => {
    expect(unused([entry('0.0.0.0:443')], [iis({ httpSysMatch: 'unknown' })])).toEqual([false]);
    expect(unused([withoutIis()], [iis({})])).toEqual([false]);
    // No https binding at all: the entry is what the missing binding needs, not a leftover.
    expect(unused([entry('0.0.0.0:443', { iisHttpsBindingCount: 0 })], [])).toEqual([false]);
  });

  it("keeps an entry a captured connection reached, or another program's", () => {
    expect(unused([entry('0.0.0.0:443')], [iis({})], [{ bindingEndpoint: '0.0.0.0:443' }])).toEqual(
      [false],
    );
    expect(unused([entry('0.0.0.0:5986', { otherOwner: 'WinRM' })], [iis({})])).toEqual([false]);
  });

  it('names the SNI entries whose clients never get an IP-bound certificate', () => {
    const ip = entry('0.0.0.0:443', { certificateHash: 'b'.repeat(40) });
    const sni = entry('www.contoso.com:443', {
      type: 'hostnameport',
      key: 'hostnameport:www.contoso.com:443',
      hostname: 'www.contoso.com',
    });
    const cert = (thumbprint: string, type: BindingEntity['type'], endpoint: string) =>
      ({
        thumbprint,
        boundBindings: [{ type, endpoint, storeName: 'MY', applicationId: IIS }],
      }) as never;
    const [onIp, onSni] = markSniSpared(
      [
        cert('b'.repeat(40), 'ipport', '0.0.0.0:443'),
        cert('a'.repeat(40), 'hostnameport', 'www.contoso.com:443'),
      ],
      [ip, sni],
    );
    expect(onIp!.set.sniSpared).toEqual(['www.contoso.com:443']);
    expect(onSni!.set.sniSpared).toEqual([]);
  });
});
