import { HttpParams } from '@angular/common/http';

/** Turns a filter object into query params, leaving out empty values. */
export function toQueryParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
