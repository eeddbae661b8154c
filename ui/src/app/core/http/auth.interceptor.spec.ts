import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { authInterceptor, isAuthRoute, sessionLost } from './auth.interceptor';

describe('isAuthRoute', () => {
  it('matches /api/auth/* with or without an origin', () => {
    expect(isAuthRoute('/api/auth/login')).toBe(true);
    expect(isAuthRoute('http://localhost:3000/api/auth/me')).toBe(true);
    expect(isAuthRoute('/api/users')).toBe(false);
    expect(isAuthRoute('/api/authors')).toBe(false);
  });
});

describe('sessionLost', () => {
  it('never redirects for the routes that answer 401 as part of signing in', () => {
    for (const url of ['/api/auth/login', '/api/auth/me', '/api/auth/logout', '/api/auth/captcha']) {
      expect(sessionLost(url, 'UNAUTHENTICATED')).toBe(false);
    }
  });

  it('redirects from the account routes only when the session itself is gone', () => {
    expect(sessionLost('/api/auth/sessions', 'UNAUTHENTICATED')).toBe(true);
    expect(sessionLost('/api/auth/totp', 'TOTP_INVALID')).toBe(false);
    expect(sessionLost('/api/auth/password', 'LOGIN_FAILED')).toBe(false);
  });

  it('redirects from every business route', () => {
    expect(sessionLost('/api/users', 'UNAUTHENTICATED')).toBe(true);
    expect(sessionLost('/api/users', 'HTTP_401')).toBe(true);
  });
});

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let navigate: ReturnType<typeof vi.fn>;
  let clear: ReturnType<typeof vi.fn>;
  let requireStep: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    clear = vi.fn();
    requireStep = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: AuthService, useValue: { clear, requireStep } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    const router = TestBed.inject(Router);
    navigate = vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true) as never;
    vi.spyOn(router, 'url', 'get').mockReturnValue('/users?page=3');
  });

  afterEach(() => backend.verify());

  const unauthenticated = {
    status: 401,
    statusText: 'Unauthorized',
  };
  const body = { code: 'UNAUTHENTICATED', message: '未登录或登录已过期，请重新登录', requestId: 'r1' };

  it('sends the session cookie with every request', () => {
    http.get('/api/users').subscribe();
    const req = backend.expectOne('/api/users');
    expect(req.request.withCredentials).toBe(true);
    req.flush([]);
  });

  it('on 401 from a business route, forgets the user and goes to /login with returnUrl', async () => {
    const result = firstValueFrom(http.get('/api/users')).catch((e: unknown) => e);
    backend.expectOne('/api/users').flush(body, unauthenticated);
    const error = (await result) as { status: number };
    expect(error.status).toBe(401);
    expect(clear).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledTimes(1);
    const target = TestBed.inject(Router).serializeUrl(navigate.mock.calls[0][0]);
    expect(target).toBe('/login?returnUrl=%2Fusers%3Fpage%3D3');
  });

  it('leaves 401 from /api/auth/* to the caller (wrong password is not a redirect)', async () => {
    const result = firstValueFrom(http.post('/api/auth/login', {})).catch((e: unknown) => e);
    backend
      .expectOne('/api/auth/login')
      .flush({ code: 'LOGIN_FAILED', message: '用户名或密码错误' }, unauthenticated);
    expect(((await result) as { status: number }).status).toBe(401);
    expect(navigate).not.toHaveBeenCalled();
    expect(clear).not.toHaveBeenCalled();
  });

  it('does not redirect on other errors', async () => {
    const result = firstValueFrom(http.get('/api/orgs/9')).catch((e: unknown) => e);
    backend
      .expectOne('/api/orgs/9')
      .flush({ code: 'FORBIDDEN', message: '没有权限' }, { status: 403, statusText: 'Forbidden' });
    expect(((await result) as { status: number }).status).toBe(403);
    expect(navigate).not.toHaveBeenCalled();
  });

  const forbidden = { status: 403, statusText: 'Forbidden' };
  const target = (call = 0) => TestBed.inject(Router).serializeUrl(navigate.mock.calls[call][0]);

  it('on 403 CSRF_FAILED, forgets the user and asks for a new login, remembering the page', async () => {
    const result = firstValueFrom(http.post('/api/users', {})).catch((e: unknown) => e);
    backend
      .expectOne('/api/users')
      .flush({ code: 'CSRF_FAILED', message: '安全校验失败，请重新登录' }, forbidden);
    expect(((await result) as { status: number }).status).toBe(403);
    expect(clear).toHaveBeenCalledTimes(1);
    expect(target()).toBe('/login?returnUrl=%2Fusers%3Fpage%3D3&reason=csrf');
  });

  it('on 403 PASSWORD_CHANGE_REQUIRED, marks the step and opens the password page', async () => {
    const result = firstValueFrom(http.get('/api/stats/overview')).catch((e: unknown) => e);
    backend
      .expectOne('/api/stats/overview')
      .flush({ code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改密码' }, forbidden);
    await result;
    expect(requireStep).toHaveBeenCalledWith('change_password');
    expect(clear).not.toHaveBeenCalled();
    expect(navigate.mock.calls[0][0]).toBe('/account/password');
  });

  it('on 403 TOTP_ENROLLMENT_REQUIRED, marks the step and opens the second-factor page', async () => {
    const result = firstValueFrom(http.get('/api/orgs')).catch((e: unknown) => e);
    backend
      .expectOne('/api/orgs')
      .flush({ code: 'TOTP_ENROLLMENT_REQUIRED', message: '请先启用两步验证' }, forbidden);
    await result;
    expect(requireStep).toHaveBeenCalledWith('enroll_totp');
    expect(navigate.mock.calls[0][0]).toBe('/account/totp');
  });
});
