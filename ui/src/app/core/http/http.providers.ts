import {
  provideHttpClient,
  withInterceptors,
  withXsrfConfiguration,
} from '@angular/common/http';
import { EnvironmentProviders } from '@angular/core';
import { authInterceptor } from './auth.interceptor';
import { errorInterceptor } from './error.interceptor';

/** The cookie ops-api sets at login and the header it expects back on POST/PUT/PATCH/DELETE. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

/**
 * HttpClient as the app uses it: Angular's XSRF support (on by default, spelled out here because
 * ops-api refuses writes without it) plus the session and error interceptors. The API is reached by
 * relative `/api/…` URLs on the page's own origin, the only requests Angular adds the header to.
 */
export function provideAppHttp(): EnvironmentProviders {
  return provideHttpClient(
    withXsrfConfiguration({ cookieName: XSRF_COOKIE, headerName: XSRF_HEADER }),
    withInterceptors([authInterceptor, errorInterceptor]),
  );
}
