import { describe, expect, it, vi } from 'vitest';
import { ClientSet } from '../../parsers/capture/clients.js';
import { DistinctClients } from './clients.js';

/** A sealed kind's set of `n` IPv4 clients 10.0.0.1 … (as the capture parser hands it over). */
function kind(n: number): ClientSet {
  const s = new ClientSet();
  for (let i = 1; i <= n; i++) s.add(false, ((10 << 24) | i) >>> 0, 0, 0, 0);
  s.seal();
  return s;
}

describe('DistinctClients', () => {
  it('holds a single set without copying its clients (issue 18)', () => {
    const k = kind(1000);
    const walk = vi.spyOn(k, 'forEach');
    const group = new DistinctClients();
    group.addAll(k);
    const endpoint = new DistinctClients();
    endpoint.addAll(group);
    expect([group.size, endpoint.size]).toEqual([1000, 1000]);
    expect(walk).not.toHaveBeenCalled();
  });

  it('counts exactly once a shared set is added to', () => {
    const group = new DistinctClients();
    group.addAll(kind(1000));
    expect(group.hasText('10.0.0.5')).toBe(true);
    group.addText('10.0.0.5');
    group.addText('192.168.1.9');
    const endpoint = new DistinctClients();
    endpoint.addAll(group);
    endpoint.addAll(kind(2000));
    expect([group.size, endpoint.size]).toEqual([1001, 2001]);
    expect(endpoint.hasText('192.168.1.9')).toBe(true);
  });
});
