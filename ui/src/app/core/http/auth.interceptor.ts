import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { loginUrl } from '../auth/guards';

/** True for the login/logout/me routes, whose 401s the caller handles itself. */
export function isAuthRoute(url: string): boolean {
  return /^(https?:\/\/[^/]+)?\/api\/auth\//.test(url);
}

/**
 * Sends the session cookie with every API call and, when the session is gone (401 outside
 * /api/auth/*), forgets the user and goes to /login, remembering where the user was.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const router = inject(Router);
  const auth = inject(AuthService);
  return next(req.clone({ withCredentials: true })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !isAuthRoute(req.url)) {
        auth.clear();
        const here = router.url;
        if (!here.startsWith('/login')) void router.navigateByUrl(loginUrl(router, here));
      }
      return throwError(() => error);
    }),
  );
};
