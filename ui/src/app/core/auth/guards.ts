import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, Router, UrlTree } from '@angular/router';
import { Me } from '../api/models';
import { AuthService } from './auth.service';
import { forcedRedirect } from './forced-step';

/** What a guard should do for this user and required permission. */
export type AccessDecision = 'allow' | 'login' | 'forbidden';

/** Pure rule shared by both guards: no user → log in; missing permission → 403. */
export function decideAccess(me: Me | null, permission?: string): AccessDecision {
  if (!me) return 'login';
  if (permission && !me.permissions.includes(permission)) return 'forbidden';
  return 'allow';
}

/** Why the user is sent back to the login page, shown there as a notice. */
export type LoginReason = 'csrf';

/** The login URL that brings the user back to `returnUrl` afterwards. */
export function loginUrl(router: Router, returnUrl: string, reason?: LoginReason): UrlTree {
  const keep = returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login');
  const queryParams: Record<string, string> = {};
  if (keep) queryParams['returnUrl'] = returnUrl;
  if (reason) queryParams['reason'] = reason;
  return router.createUrlTree(['/login'], { queryParams });
}

/** Lets signed-in users through; sends everyone else to /login?returnUrl=…. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const me = await auth.ensureLoaded();
  return decideAccess(me) === 'allow' ? true : loginUrl(router, state.url);
};

/** Checks `route.data.permission` against the user's permissions; 403 page otherwise. */
export const permissionGuard: CanActivateFn = async (route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const me = await auth.ensureLoaded();
  const permission = route.data['permission'] as string | undefined;
  switch (decideAccess(me, permission)) {
    case 'allow':
      return true;
    case 'login':
      return loginUrl(router, state.url);
    case 'forbidden':
      return router.createUrlTree(['/403']);
  }
};

/**
 * While the server insists on a new password or a second factor, every page inside the shell but
 * the one that does it redirects there (a reload, a bookmark, the menu or the back button alike).
 */
export const forcedStepGuard: CanActivateChildFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const me = await auth.ensureLoaded();
  if (!me) return loginUrl(router, state.url);
  const target = forcedRedirect(auth.requiredStep(), state.url);
  return target ? router.parseUrl(target) : true;
};
