import { describe, expect, it } from 'vitest';
import { AnalyticsCache, analyticsInputsChanged, scopeKey } from './analytics-cache.js';

describe('AnalyticsCache', () => {
  it('answers from memory within the TTL and computes again after it', async () => {
    const cache = new AnalyticsCache<number>(1000);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.get('k', compute, 0)).toBe(1);
    expect(await cache.get('k', compute, 999)).toBe(1);
    expect(await cache.get('k', compute, 1000)).toBe(2);
    expect(await cache.get('other', compute, 1000)).toBe(3);
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = new AnalyticsCache<number>(1000);
    let calls = 0;
    const compute = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const [a, b] = await Promise.all([cache.get('k', compute, 0), cache.get('k', compute, 1)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });

  it('forgets every answer when the analytics inputs change (marts rebuilt, values approved, indicator revised)', async () => {
    const cache = new AnalyticsCache<number>(60_000);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.get('k', compute, 0)).toBe(1);
    analyticsInputsChanged();
    expect(await cache.get('k', compute, 1)).toBe(2);
    expect(await cache.get('k', compute, 2)).toBe(2);
  });

  it('does not keep a failure', async () => {
    const cache = new AnalyticsCache<number>(60_000);
    await expect(cache.get('k', () => Promise.reject(new Error('warehouse down')), 0)).rejects.toThrow('warehouse down');
    expect(await cache.get('k', async () => 7, 1)).toBe(7);
  });

  it('stays within its size, dropping the oldest answers', async () => {
    const cache = new AnalyticsCache<number>(60_000, 3);
    for (let i = 0; i < 5; i++) await cache.get(`k${i}`, async () => i, i);
    let recomputed = false;
    expect(await cache.get('k0', async () => ((recomputed = true), 99), 10)).toBe(99);
    expect(recomputed).toBe(true);
    expect(await cache.get('k4', async () => -1, 10)).toBe(4);
  });

  it('keys scopes by their organizations', () => {
    expect(scopeKey({ kind: 'city' })).toBe('city');
    expect(scopeKey({ kind: 'orgs', orgIds: [3, 5] })).toBe('3,5');
  });
});
