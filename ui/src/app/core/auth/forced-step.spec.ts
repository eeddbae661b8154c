import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Me } from '../api/models';
import { buildMe } from '../../testing/factories';
import { AuthService } from './auth.service';
import { forcedRedirect, requiredStepOf, stepForErrorCode } from './forced-step';

describe('requiredStepOf', () => {
  const now = new Date('2026-06-01T08:00:00Z');

  it('asks nothing of an up-to-date user', () => {
    expect(requiredStepOf(buildMe(), now)).toBeNull();
    expect(requiredStepOf(buildMe({ totpRequired: true, totpEnabled: true }), now)).toBeNull();
    expect(requiredStepOf(null, now)).toBeNull();
  });

  it('asks for a new password when the server says so or the password has expired', () => {
    expect(requiredStepOf(buildMe({ mustChangePassword: true }), now)).toBe('change_password');
    expect(requiredStepOf(buildMe({ passwordExpiresAt: '2026-05-31T00:00:00Z' }), now)).toBe('change_password');
    expect(requiredStepOf(buildMe({ passwordExpiresAt: '2026-07-01T00:00:00Z' }), now)).toBeNull();
  });

  it('asks for a second factor when a role requires one and none is enabled', () => {
    expect(requiredStepOf(buildMe({ totpRequired: true }), now)).toBe('enroll_totp');
    expect(requiredStepOf(buildMe({ totpRequired: false, totpEnabled: false }), now)).toBeNull();
  });

  it('puts the password before the second factor', () => {
    expect(requiredStepOf(buildMe({ mustChangePassword: true, totpRequired: true }), now)).toBe('change_password');
  });
});

describe('forcedRedirect', () => {
  it('lets everything through when nothing is due', () => {
    expect(forcedRedirect(null, '/users')).toBeNull();
  });

  it('closes every other page, the menu pages and the other account pages included', () => {
    for (const url of ['/', '/users?page=2', '/audit', '/security/roles', '/account/sessions', '/account/totp']) {
      expect(forcedRedirect('change_password', url)).toBe('/account/password');
    }
    for (const url of ['/', '/orgs', '/account/password']) {
      expect(forcedRedirect('enroll_totp', url)).toBe('/account/totp');
    }
  });

  it('leaves the step’s own page open, whatever its query', () => {
    expect(forcedRedirect('change_password', '/account/password')).toBeNull();
    expect(forcedRedirect('change_password', '/account/password?x=1#top')).toBeNull();
    expect(forcedRedirect('enroll_totp', '/account/totp')).toBeNull();
  });
});

describe('stepForErrorCode', () => {
  it('maps the two refusals and nothing else', () => {
    expect(stepForErrorCode('PASSWORD_CHANGE_REQUIRED')).toBe('change_password');
    expect(stepForErrorCode('TOTP_ENROLLMENT_REQUIRED')).toBe('enroll_totp');
    expect(stepForErrorCode('FORBIDDEN')).toBeNull();
    expect(stepForErrorCode(undefined)).toBeNull();
  });
});

describe('AuthService.requiredStep', () => {
  let auth: AuthService;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    auth = TestBed.inject(AuthService);
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(HttpClient);
  });

  afterEach(() => backend.verify());

  async function login(next: string | null, me: Me) {
    const done = auth.login({ username: me.username, password: 'x' });
    backend.expectOne('/api/auth/login').flush({ user: me, next });
    return done;
  }

  it('follows the login answer’s `next`, then what a reloaded `me` says', async () => {
    await login('change_password', buildMe({ mustChangePassword: true, totpRequired: true }));
    expect(auth.requiredStep()).toBe('change_password');

    const refreshed = auth.refresh();
    backend.expectOne('/api/auth/me').flush(buildMe({ mustChangePassword: false, totpRequired: true }));
    await refreshed;
    expect(auth.requiredStep()).toBe('enroll_totp');

    const again = auth.refresh();
    backend.expectOne('/api/auth/me').flush(buildMe({ totpRequired: true, totpEnabled: true }));
    await again;
    expect(auth.requiredStep()).toBeNull();
  });

  it('takes `next` over the flags, and a 403 refusal over both', async () => {
    await login('enroll_totp', buildMe());
    expect(auth.requiredStep()).toBe('enroll_totp');
    auth.requireStep('change_password');
    expect(auth.requiredStep()).toBe('change_password');
  });

  it('forgets the step with the user', async () => {
    await login('change_password', buildMe());
    auth.clear();
    expect(auth.me()).toBeNull();
    expect(auth.requiredStep()).toBeNull();
  });

  it('never writes to localStorage or sessionStorage', async () => {
    localStorage.clear();
    sessionStorage.clear();
    await login(null, buildMe());
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });
});
