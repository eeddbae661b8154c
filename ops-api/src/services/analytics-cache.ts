import type { DataScope } from '../policies/scope.js';

/*
 * Analytics answers move only when the warehouse's inputs move: a marts rebuild, approved reported values,
 * a new indicator version. Those places call `analyticsInputsChanged()`; every cached answer computed
 * before is then ignored. Other app processes (several replicas) see the change within the TTL.
 */
let generation = 0;

/** Marks every cached analytics answer of this process out of date. */
export function analyticsInputsChanged(): void {
  generation++;
}

/**
 * A short-lived memo of analytics answers: dashboards are opened by many users at once and their numbers
 * do not move by the second. Concurrent callers share one computation; failures are not kept.
 */
export class AnalyticsCache<T> {
  private readonly entries = new Map<string, { at: number; generation: number; value: Promise<T> }>();
  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 2_000,
  ) {}

  /** The cached answer for the key, or the one `compute` gives. */
  get(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && now - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    this.entries.set(key, { at: now, generation, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      for (const [k, e] of this.entries) if (e.generation !== generation || now - e.at >= this.ttlMs) this.entries.delete(k);
      // still full of fresh answers: drop the oldest
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}

/** The cache key of a scope: users with the same scope see the same numbers. */
export function scopeKey(scope: DataScope): string {
  return scope.kind === 'city' ? 'city' : scope.orgIds.join(',');
}
