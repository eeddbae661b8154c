import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { toApiError } from '../api/api-error';
import { AuthService } from '../auth/auth.service';
import { FORCED_STEP_PAGES, stepForErrorCode } from '../auth/forced-step';
import { loginUrl } from '../auth/guards';

/** True for any /api/auth/* route. */
export function isAuthRoute(url: string): boolean {
  return /^(https?:\/\/[^/]+)?\/api\/auth\//.test(url);
}

/**
 * Whether a 401 means "the session is gone, sign in again". Login, logout, me and captcha handle
 * their own 401s (a wrong password is not a redirect); the other /api/auth/* routes (password,
 * second factor, sessions) may answer 401 for a wrong code, so only UNAUTHENTICATED counts there.
 */
export function sessionLost(url: string, code: string): boolean {
  if (/^(https?:\/\/[^/]+)?\/api\/auth\/(login|logout|me|captcha)([?#]|$)/.test(url)) return false;
  return !isAuthRoute(url) || code === 'UNAUTHENTICATED';
}

/**
 * Sends the session cookie with every API call and reacts to the answers that change where the
 * user may be:
 * - 401 when the session is gone (see `sessionLost`) → forget the user, /login?returnUrl=…;
 * - 403 CSRF_FAILED: the XSRF token no longer matches the session → forget the user, and the login
 *   page asks to sign in again;
 * - 403 PASSWORD_CHANGE_REQUIRED / TOTP_ENROLLMENT_REQUIRED → the page that completes that step.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const router = inject(Router);
  const auth = inject(AuthService);
  return next(req.clone({ withCredentials: true })).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
      const here = router.url;
      if (error.status === 401 && sessionLost(req.url, toApiError(error).code)) {
        auth.clear();
        if (!here.startsWith('/login')) void router.navigateByUrl(loginUrl(router, here));
      } else if (error.status === 403) {
        const code = toApiError(error).code;
        const step = stepForErrorCode(code);
        if (code === 'CSRF_FAILED' && !here.startsWith('/login')) {
          auth.clear();
          void router.navigateByUrl(loginUrl(router, here, 'csrf'));
        } else if (step) {
          auth.requireStep(step);
          if (!here.startsWith(FORCED_STEP_PAGES[step])) {
            void router.navigateByUrl(FORCED_STEP_PAGES[step]);
          }
        }
      }
      return throwError(() => error);
    }),
  );
};
