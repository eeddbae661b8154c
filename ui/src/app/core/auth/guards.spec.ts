import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  Router,
  RouterStateSnapshot,
  UrlTree,
  provideRouter,
} from '@angular/router';
import { Me } from '../api/models';
import { AuthService } from './auth.service';
import { authGuard, decideAccess, permissionGuard } from './guards';

function buildMe(permissions: string[] = []): Me {
  return {
    id: 1,
    username: 'liaison',
    displayName: '联络员',
    org: { id: 10, code: 'H001', name: '柳州市工人医院', kind: 'hospital' },
    roles: [{ code: 'hospital_liaison', name: '医院联络员' }],
    permissions,
  };
}

describe('decideAccess', () => {
  it('sends anonymous users to login, whatever the route needs', () => {
    expect(decideAccess(null)).toBe('login');
    expect(decideAccess(null, 'org:read')).toBe('login');
  });

  it('lets a signed-in user into routes without a permission', () => {
    expect(decideAccess(buildMe())).toBe('allow');
  });

  it('forbids a route whose permission the user lacks', () => {
    expect(decideAccess(buildMe(['user:read']), 'org:read')).toBe('forbidden');
  });

  it('allows a route whose permission the user holds', () => {
    expect(decideAccess(buildMe(['org:read']), 'org:read')).toBe('allow');
  });
});

describe('route guards', () => {
  let me: Me | null;

  beforeEach(() => {
    me = null;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AuthService, useValue: { ensureLoaded: () => Promise.resolve(me) } },
      ],
    });
  });

  const state = (url: string) => ({ url }) as RouterStateSnapshot;
  const route = (data: Record<string, unknown> = {}) => ({ data }) as unknown as ActivatedRouteSnapshot;
  const serialize = (result: unknown) =>
    result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : result;

  it('authGuard redirects to /login with the requested URL as returnUrl', async () => {
    const result = await TestBed.runInInjectionContext(() => authGuard(route(), state('/users?page=2')));
    expect(serialize(result)).toBe('/login?returnUrl=%2Fusers%3Fpage%3D2');
  });

  it('authGuard drops a returnUrl of / so the login URL stays clean', async () => {
    const result = await TestBed.runInInjectionContext(() => authGuard(route(), state('/')));
    expect(serialize(result)).toBe('/login');
  });

  it('authGuard lets a signed-in user through', async () => {
    me = buildMe();
    const result = await TestBed.runInInjectionContext(() => authGuard(route(), state('/')));
    expect(result).toBe(true);
  });

  it('permissionGuard sends a user without route.data.permission to /403', async () => {
    me = buildMe(['user:read']);
    const result = await TestBed.runInInjectionContext(() =>
      permissionGuard(route({ permission: 'org:read' }), state('/orgs')),
    );
    expect(serialize(result)).toBe('/403');
  });

  it('permissionGuard allows a user holding route.data.permission', async () => {
    me = buildMe(['org:read']);
    const result = await TestBed.runInInjectionContext(() =>
      permissionGuard(route({ permission: 'org:read' }), state('/orgs')),
    );
    expect(result).toBe(true);
  });

  it('permissionGuard sends an anonymous user to login, not to 403', async () => {
    const result = await TestBed.runInInjectionContext(() =>
      permissionGuard(route({ permission: 'org:read' }), state('/orgs')),
    );
    expect(serialize(result)).toBe('/login?returnUrl=%2Forgs');
  });
});
