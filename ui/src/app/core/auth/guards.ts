import { inject } from '@angular/core';
import { CanActivateFn, Router, UrlTree } from '@angular/router';
import { Me } from '../api/models';
import { AuthService } from './auth.service';

/** What a guard should do for this user and required permission. */
export type AccessDecision = 'allow' | 'login' | 'forbidden';

/** Pure rule shared by both guards: no user → log in; missing permission → 403. */
export function decideAccess(me: Me | null, permission?: string): AccessDecision {
  if (!me) return 'login';
  if (permission && !me.permissions.includes(permission)) return 'forbidden';
  return 'allow';
}

/** The login URL that brings the user back to `returnUrl` afterwards. */
export function loginUrl(router: Router, returnUrl: string): UrlTree {
  const keep = returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login');
  return router.createUrlTree(['/login'], keep ? { queryParams: { returnUrl } } : {});
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
