import { HttpErrorResponse } from '@angular/common/http';
import { Observable, of, throwError } from 'rxjs';
import { Run, RunStatus } from '../../../core/api/models';
import { buildRun } from '../../../testing/factories';
import { isTransientError, pollRun } from './run-polling';

/** A fake GET /api/ingest/runs/{id}: answers the scripted states (or errors) in order. */
function script(...steps: (RunStatus | HttpErrorResponse)[]) {
  let calls = 0;
  const fetch = (): Observable<Run> => {
    const step = steps[Math.min(calls, steps.length - 1)];
    calls++;
    return step instanceof HttpErrorResponse
      ? throwError(() => step)
      : of(
          buildRun({
            status: step,
            rowsRead: calls * 100,
            error: step === 'failed' ? '文件无法解析：第 1 行缺少表头' : null,
          }),
        );
  };
  return { fetch, calls: () => calls };
}

function follow(fetch: () => Observable<Run>) {
  const seen: Run[] = [];
  const state = { done: false, error: null as unknown };
  const sub = pollRun(fetch).subscribe({
    next: (run) => seen.push(run),
    error: (error: unknown) => (state.error = error),
    complete: () => (state.done = true),
  });
  return { seen, state, sub, statuses: () => seen.map((r) => r.status) };
}

const unavailable = new HttpErrorResponse({ status: 503, statusText: 'Service Unavailable' });
const notFound = new HttpErrorResponse({ status: 404, statusText: 'Not Found' });

describe('pollRun', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks at once, then once a second while queued or running, and stops when the run succeeded', () => {
    const server = script('queued', 'running', 'running', 'succeeded');
    const { state, statuses, seen } = follow(server.fetch);
    expect(server.calls()).toBe(1);
    expect(statuses()).toEqual(['queued']);

    vi.advanceTimersByTime(999);
    expect(server.calls()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(statuses()).toEqual(['queued', 'running']);

    vi.advanceTimersByTime(2000);
    expect(statuses()).toEqual(['queued', 'running', 'running', 'succeeded']);
    expect(seen.at(-1)?.rowsRead).toBe(400);
    expect(state.done).toBe(true);

    vi.advanceTimersByTime(10_000);
    expect(server.calls()).toBe(4);
  });

  it('hands over a failed run as the last state and stops, without treating it as an error', () => {
    const server = script('running', 'failed', 'running');
    const { state, statuses, seen } = follow(server.fetch);
    vi.advanceTimersByTime(5000);
    expect(statuses()).toEqual(['running', 'failed']);
    expect(seen.at(-1)?.error).toBe('文件无法解析：第 1 行缺少表头');
    expect(state.done).toBe(true);
    expect(state.error).toBeNull();
    expect(server.calls()).toBe(2);
  });

  it('stops on partial too', () => {
    const server = script('partial', 'running');
    const { state, statuses } = follow(server.fetch);
    vi.advanceTimersByTime(5000);
    expect(statuses()).toEqual(['partial']);
    expect(state.done).toBe(true);
    expect(server.calls()).toBe(1);
  });

  it('rides out a brief outage of the server', () => {
    const server = script('running', unavailable, unavailable, 'succeeded');
    const { state, statuses } = follow(server.fetch);
    vi.advanceTimersByTime(3000);
    expect(statuses()).toEqual(['running', 'succeeded']);
    expect(state.error).toBeNull();
    expect(state.done).toBe(true);
  });

  it('gives up after three failures in a row', () => {
    const server = script('running', unavailable);
    const { state } = follow(server.fetch);
    vi.advanceTimersByTime(10_000);
    expect(state.error).toBe(unavailable);
    expect(state.done).toBe(false);
    // The first answer, then the failing request and its three retries.
    expect(server.calls()).toBe(5);
  });

  it('ends at once when the run is gone or out of scope', () => {
    const server = script('queued', notFound);
    const { state } = follow(server.fetch);
    vi.advanceTimersByTime(1000);
    expect(state.error).toBe(notFound);
    vi.advanceTimersByTime(10_000);
    expect(server.calls()).toBe(2);
  });

  it('stops asking when the page unsubscribes', () => {
    const server = script('running');
    const { sub } = follow(server.fetch);
    vi.advanceTimersByTime(2000);
    sub.unsubscribe();
    vi.advanceTimersByTime(10_000);
    expect(server.calls()).toBe(3);
  });
});

describe('isTransientError', () => {
  it('retries only what may pass by itself', () => {
    expect(isTransientError(new HttpErrorResponse({ status: 0 }))).toBe(true);
    expect(isTransientError(new HttpErrorResponse({ status: 502 }))).toBe(true);
    expect(isTransientError(new HttpErrorResponse({ status: 429 }))).toBe(true);
    expect(isTransientError(new HttpErrorResponse({ status: 403 }))).toBe(false);
    expect(isTransientError(new Error('x'))).toBe(false);
  });
});
