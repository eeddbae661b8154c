import { HttpErrorResponse } from '@angular/common/http';
import { Observable, defer, repeat, retry, takeWhile, throwError, timer } from 'rxjs';
import { Run } from '../../../core/api/models';
import { isActiveRun } from './ingest-labels';

/** A failure worth another try: no answer at all, too many requests, or the server briefly down. */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse)) return false;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export interface PollOptions {
  /** Wait between an answer and the next request. */
  intervalMs?: number;
  /** Transient failures tolerated in a row before the poll gives up with the error. */
  retries?: number;
}

/**
 * Asks `fetch()` now, then again `intervalMs` after each answer (never two requests at once),
 * until `done(value)`; that last value is emitted too, then the stream completes. A transient
 * failure is retried; any other (404 the run is gone, 403) ends the poll with that error.
 */
export function pollUntil<T>(
  fetch: () => Observable<T>,
  done: (value: T) => boolean,
  { intervalMs = 1000, retries = 3 }: PollOptions = {},
): Observable<T> {
  return defer(fetch).pipe(
    retry({
      count: retries,
      delay: (error: unknown) => (isTransientError(error) ? timer(intervalMs) : throwError(() => error)),
    }),
    repeat({ delay: intervalMs }),
    takeWhile((value) => !done(value), true),
  );
}

/** Follows a run every second while it is queued or running; emits each state, the final one last. */
export function pollRun(fetchRun: () => Observable<Run>, options: PollOptions = {}): Observable<Run> {
  return pollUntil(fetchRun, (run) => !isActiveRun(run.status), { intervalMs: 1000, ...options });
}
