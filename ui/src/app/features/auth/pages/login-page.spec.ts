import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../../../core/icons';
import { buildMe } from '../../../testing/factories';
import { LoginPage } from './login-page';

const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('LoginPage', () => {
  let backend: HttpTestingController;
  let navigate: ReturnType<typeof vi.fn>;

  async function render() {
    const fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
    return fixture;
  }

  const el = (fixture: { nativeElement: HTMLElement }, selector: string) =>
    fixture.nativeElement.querySelector(selector) as HTMLInputElement | null;

  async function type(fixture: Awaited<ReturnType<typeof render>>, name: string, value: string) {
    const input = el(fixture, `input[name=${name}]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function submit(fixture: Awaited<ReturnType<typeof render>>) {
    el(fixture, 'button[type=submit]')!.click();
    await fixture.whenStable();
  }

  /** Answers the pending login and lets the page react. */
  async function answer(fixture: Awaited<ReturnType<typeof render>>, body: object, status = unauthorized) {
    const req = backend.expectOne('/api/auth/login');
    req.flush(body, status);
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    return req.request.body as Record<string, unknown>;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true) as never;
  });

  afterEach(() => backend.verify());

  it('walks through captcha and second factor, sending what each step asks for', async () => {
    const fixture = await render();
    expect(el(fixture, 'input[name=username]')).not.toBeNull();
    expect(el(fixture, 'input[name=password]')).not.toBeNull();
    expect(el(fixture, 'input[name=captcha]')).toBeNull();
    expect(el(fixture, 'input[name=totp]')).toBeNull();

    await type(fixture, 'username', 'secadmin');
    await type(fixture, 'password', 'Wrong#1');
    await submit(fixture);
    await answer(fixture, {
      code: 'LOGIN_FAILED',
      message: '用户名或密码错误',
      details: { captchaRequired: true, remainingAttempts: 1 },
    });
    expect(fixture.nativeElement.textContent).toContain('用户名或密码错误');
    expect(el(fixture, 'input[name=captcha]')).not.toBeNull();
    expect(el(fixture, 'input[name=password]')!.value).toBe('');
    backend.expectOne('/api/auth/captcha').flush({ captchaId: 'c1', image: 'data:image/svg+xml;base64,PHN2Zy8+' });
    await fixture.whenStable();
    expect(el(fixture, 'img[data-testid=captcha-image]')!.getAttribute('src')).toContain('data:image/svg+xml');

    await type(fixture, 'password', 'Right#2026a');
    await type(fixture, 'captcha', 'k3xy');
    await submit(fixture);
    const second = await answer(fixture, { code: 'TOTP_REQUIRED', message: '请输入两步验证码' });
    expect(second).toEqual({ username: 'secadmin', password: 'Right#2026a', captchaId: 'c1', captcha: 'k3xy' });
    expect(el(fixture, 'input[name=totp]')).not.toBeNull();
    expect(el(fixture, 'input[name=totp]')!.getAttribute('autocomplete')).toBe('one-time-code');
    expect(el(fixture, 'input[name=totp]')!.getAttribute('inputmode')).toBe('numeric');
    expect(el(fixture, 'input[name=password]')!.value).toBe('Right#2026a');
    backend.expectOne('/api/auth/captcha').flush({ captchaId: 'c2', image: 'data:image/svg+xml;base64,PHN2Zy8+' });
    await fixture.whenStable();

    await type(fixture, 'captcha', 'm9pq');
    await type(fixture, 'totp', '123456');
    await submit(fixture);
    const third = await answer(fixture, { user: buildMe(), next: 'change_password' }, { status: 200, statusText: 'OK' });
    expect(third).toMatchObject({ captchaId: 'c2', captcha: 'm9pq', totp: '123456' });
    expect(navigate).toHaveBeenCalledWith('/account/password');
  });

  // The clock is pinned: the hint shows only the time when the lock ends today and adds the date
  // when it ends after midnight (a real clock made this test fail on runs near midnight).
  async function lockedHint(now: Date, until: Date): Promise<string> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    try {
      const fixture = await render();
      await type(fixture, 'username', 'secadmin');
      await type(fixture, 'password', 'Wrong#1');
      await submit(fixture);
      await answer(
        fixture,
        { code: 'ACCOUNT_LOCKED', message: '账户已锁定，请稍后再试', details: { lockedUntil: until.toISOString() } },
        { status: 423, statusText: 'Locked' },
      );
      expect(el(fixture, 'input[name=totp]')).toBeNull();
      return fixture.nativeElement.textContent as string;
    } finally {
      vi.useRealTimers();
    }
  }

  it('shows the unlock time when the account is locked', async () => {
    const text = await lockedHint(new Date(2026, 10, 27, 10, 0), new Date(2026, 10, 27, 10, 15));
    expect(text).toContain('账户已锁定，请稍后再试');
    expect(text).toContain('账户将于 10:15 自动解锁');
  });

  it('adds the date to the unlock time when the lock ends after midnight', async () => {
    const text = await lockedHint(new Date(2026, 10, 27, 23, 56), new Date(2026, 10, 28, 0, 11));
    expect(text).toContain('账户将于 2026-11-28 00:11 自动解锁');
  });

  it('goes to returnUrl when the server asks for nothing more, and to the TOTP page when it does', async () => {
    const fixture = await render();
    await type(fixture, 'username', 'auditor');
    await type(fixture, 'password', 'Right#2026a');
    await submit(fixture);
    await answer(fixture, { user: buildMe(), next: 'enroll_totp' }, { status: 200, statusText: 'OK' });
    expect(navigate).toHaveBeenCalledWith('/account/totp');
  });
});
