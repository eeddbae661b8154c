import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  Router,
  RouterStateSnapshot,
  UrlTree,
  provideRouter,
} from '@angular/router';
import { LoginNext, Me } from '../api/models';
import { AuthService } from './auth.service';
import { buildMe } from '../../testing/factories';
import { authGuard, decideAccess, forcedStepGuard, permissionGuard } from './guards';

function buildMeWith(permissions: string[] = []): Me {
  return buildMe({ permissions });
}

describe('decideAccess', () => {
  it('sends anonymous users to login, whatever the route needs', () => {
    expect(decideAccess(null)).toBe('login');
    expect(decideAccess(null, 'org:read')).toBe('login');
  });

  it('lets a signed-in user into routes without a permission', () => {
    expect(decideAccess(buildMeWith())).toBe('allow');
  });

  it('forbids a route whose permission the user lacks', () => {
    expect(decideAccess(buildMeWith(['user:read']), 'org:read')).toBe('forbidden');
  });

  it('allows a route whose permission the user holds', () => {
    expect(decideAccess(buildMeWith(['org:read']), 'org:read')).toBe('allow');
  });
});

describe('route guards', () => {
  let me: Me | null;
  let step: LoginNext | null;

  beforeEach(() => {
    me = null;
    step = null;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: AuthService,
          useValue: {
            ensureLoaded: () => Promise.resolve(me),
            requiredStep: () => step,
          },
        },
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
    me = buildMeWith();
    const result = await TestBed.runInInjectionContext(() => authGuard(route(), state('/')));
    expect(result).toBe(true);
  });

  it('permissionGuard sends a user without route.data.permission to /403', async () => {
    me = buildMeWith(['user:read']);
    const result = await TestBed.runInInjectionContext(() =>
      permissionGuard(route({ permission: 'org:read' }), state('/orgs')),
    );
    expect(serialize(result)).toBe('/403');
  });

  it('permissionGuard allows a user holding route.data.permission', async () => {
    me = buildMeWith(['org:read']);
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

  it('forcedStepGuard sends every page to the password form while a new password is due', async () => {
    me = buildMeWith(['org:read', 'user:read']);
    step = 'change_password';
    for (const url of ['/', '/orgs', '/users?page=2', '/account/sessions']) {
      const result = await TestBed.runInInjectionContext(() => forcedStepGuard(route(), state(url)));
      expect(serialize(result)).toBe('/account/password');
    }
    const own = await TestBed.runInInjectionContext(() => forcedStepGuard(route(), state('/account/password')));
    expect(own).toBe(true);
  });

  it('forcedStepGuard sends every page to the second-factor setup while enrolment is due', async () => {
    me = buildMeWith(['audit:read']);
    step = 'enroll_totp';
    const result = await TestBed.runInInjectionContext(() => forcedStepGuard(route(), state('/audit')));
    expect(serialize(result)).toBe('/account/totp');
    const own = await TestBed.runInInjectionContext(() => forcedStepGuard(route(), state('/account/totp')));
    expect(own).toBe(true);
  });

  it('forcedStepGuard lets everything through once nothing is due', async () => {
    me = buildMeWith();
    const result = await TestBed.runInInjectionContext(() => forcedStepGuard(route(), state('/users')));
    expect(result).toBe(true);
  });

  it('forcedStepGuard sends a signed-out user to login', async () => {
    const result = await TestBed.runInInjectionContext(() => forcedStepGuard(route(), state('/account/password')));
    expect(serialize(result)).toBe('/login?returnUrl=%2Faccount%2Fpassword');
  });
});
