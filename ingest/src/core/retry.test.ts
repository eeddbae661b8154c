import { backoffDelay, isTransientError, retry, sleep, TransientError } from './retry.js';

function failing(times: number, err: unknown = new TransientError('busy')) {
  let calls = 0;
  const fn = async (attempt: number) => {
    calls++;
    if (calls <= times) throw err;
    return `ok after ${attempt}`;
  };
  return { fn, calls: () => calls };
}

describe('retry', () => {
  const noSleep = { sleep: async () => undefined };

  it('returns the first success without waiting', async () => {
    const waits: number[] = [];
    await expect(retry(async () => 42, { sleep: async (ms) => void waits.push(ms) })).resolves.toBe(42);
    expect(waits).toEqual([]);
  });

  it('retries transient failures with exponentially growing delays', async () => {
    const waits: number[] = [];
    const { fn, calls } = failing(3);
    const result = await retry(fn, { baseDelayMs: 100, jitter: false, sleep: async (ms) => void waits.push(ms) });
    expect(result).toBe('ok after 4');
    expect(calls()).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('caps the delay at maxDelayMs and spreads it with jitter between half and all of it', async () => {
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(1000);
    const waits: number[] = [];
    const { fn } = failing(2);
    await retry(fn, { baseDelayMs: 100, random: () => 0, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after `retries` more attempts and throws the last error', async () => {
    const { fn, calls } = failing(10);
    await expect(retry(fn, { retries: 2, ...noSleep })).rejects.toThrow('busy');
    expect(calls()).toBe(3);
  });

  it('does not retry errors that are not transient', async () => {
    const { fn, calls } = failing(1, new Error('syntax error at or near "SELEC"'));
    await expect(retry(fn, noSleep)).rejects.toThrow('syntax error');
    expect(calls()).toBe(1);
  });

  it('honours a custom isRetryable and reports each retry', async () => {
    const seen: [number, number][] = [];
    const { fn } = failing(2, new Error('whatever'));
    await retry(fn, { isRetryable: () => true, jitter: false, baseDelayMs: 10, ...noSleep, onRetry: (_e, a, d) => void seen.push([a, d]) });
    expect(seen).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it('stops waiting when the signal aborts', async () => {
    const ac = new AbortController();
    const { fn, calls } = failing(5);
    const p = retry(fn, { baseDelayMs: 10_000, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toThrow();
    expect(calls()).toBe(1);
  });

  it('sleep resolves after the delay', async () => {
    const t = Date.now();
    await sleep(20);
    expect(Date.now() - t).toBeGreaterThanOrEqual(15);
  });
});

describe('isTransientError', () => {
  it.each([
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' })],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
    [Object.assign(new Error('pg'), { code: '40001' })],
    [Object.assign(new Error('mysql'), { code: 'PROTOCOL_CONNECTION_LOST' })],
    [Object.assign(new Error('http'), { status: 503 })],
    [Object.assign(new Error('http'), { statusCode: 429 })],
    [new Error('TransactionContext Error: Conflict on tuple deletion')],
    [new TransientError('x')],
    [new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) })],
  ])('treats %s as transient', (err) => {
    expect(isTransientError(err)).toBe(true);
  });

  it.each([[new Error('boom')], [Object.assign(new Error('http'), { status: 400 })], [Object.assign(new Error('dns'), { code: 'ENOTFOUND' })], ['text'], [null]])(
    'treats %s as permanent',
    (err) => {
      expect(isTransientError(err)).toBe(false);
    },
  );
});
