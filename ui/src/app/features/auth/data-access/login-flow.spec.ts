import { ApiErrorBody } from '../../../core/api/models';
import {
  INITIAL_LOGIN_STATE,
  LoginFlowState,
  afterLoginFailure,
  buildLoginRequest,
  formatUnlockTime,
} from './login-flow';

const fail = (code: string, details?: unknown, message = '服务器消息'): ApiErrorBody => ({
  code,
  message,
  details,
});

/** Runs a sequence of refusals from the initial state and returns the inputs shown after each. */
function shown(...errors: ApiErrorBody[]): string[] {
  let state: LoginFlowState = INITIAL_LOGIN_STATE;
  return errors.map((e) => {
    state = afterLoginFailure(state, e).state;
    return [state.captcha && 'captcha', state.totp && 'totp'].filter(Boolean).join('+') || 'none';
  });
}

describe('login state machine', () => {
  it('starts with username and password only', () => {
    expect(INITIAL_LOGIN_STATE.captcha).toBe(false);
    expect(INITIAL_LOGIN_STATE.totp).toBe(false);
  });

  it('adds the captcha when a failed login says it is now required, and not before', () => {
    expect(
      shown(
        fail('LOGIN_FAILED', { captchaRequired: false, remainingAttempts: 4 }),
        fail('LOGIN_FAILED', { captchaRequired: true, remainingAttempts: 2 }),
      ),
    ).toEqual(['none', 'captcha']);
  });

  it('shows the captcha for CAPTCHA_REQUIRED and CAPTCHA_INVALID and fetches a new one each time', () => {
    for (const code of ['CAPTCHA_REQUIRED', 'CAPTCHA_INVALID']) {
      const out = afterLoginFailure(INITIAL_LOGIN_STATE, fail(code, { captchaRequired: true }));
      expect(out.state.captcha).toBe(true);
      expect(out.refreshCaptcha).toBe(true);
      expect(out.clearCaptcha).toBe(true);
      // The password was not judged: keep it so only the captcha needs typing.
      expect(out.clearPassword).toBe(false);
    }
  });

  it('asks for the 6-digit code after TOTP_REQUIRED and keeps username and password for the resubmission', () => {
    const out = afterLoginFailure(INITIAL_LOGIN_STATE, fail('TOTP_REQUIRED', undefined, '请输入两步验证码'));
    expect(out.state.totp).toBe(true);
    expect(out.state.captcha).toBe(false);
    expect(out.state.severity).toBe('info');
    expect(out.state.message).toBe('请输入两步验证码');
    expect(out.clearPassword).toBe(false);
    expect(out.refreshCaptcha).toBe(false);
  });

  it('keeps the code input after TOTP_INVALID and empties it', () => {
    const first = afterLoginFailure(INITIAL_LOGIN_STATE, fail('TOTP_REQUIRED'));
    const out = afterLoginFailure(first.state, fail('TOTP_INVALID', undefined, '验证码错误'));
    expect(out.state.totp).toBe(true);
    expect(out.state.severity).toBe('error');
    expect(out.clearTotp).toBe(true);
    expect(out.clearPassword).toBe(false);
  });

  it('keeps the captcha through the second-factor step, with a fresh image each time', () => {
    expect(
      shown(
        fail('CAPTCHA_REQUIRED', { captchaRequired: true }),
        fail('TOTP_REQUIRED'),
        fail('TOTP_INVALID'),
      ),
    ).toEqual(['captcha', 'captcha+totp', 'captcha+totp']);
    const withCaptcha = { ...INITIAL_LOGIN_STATE, captcha: true, totp: true };
    expect(afterLoginFailure(withCaptcha, fail('TOTP_INVALID')).refreshCaptcha).toBe(true);
  });

  it('drops the code input after a wrong password, clears the password and says how many attempts are left', () => {
    const withTotp = { ...INITIAL_LOGIN_STATE, totp: true };
    const out = afterLoginFailure(withTotp, fail('LOGIN_FAILED', { captchaRequired: false, remainingAttempts: 2 }));
    expect(out.state.totp).toBe(false);
    expect(out.clearPassword).toBe(true);
    expect(out.state.hint).toBe('再输错 2 次，账户将被暂时锁定');
  });

  it('shows the unlock time after 423 ACCOUNT_LOCKED', () => {
    const now = new Date(2026, 5, 1, 9, 0);
    const lockedUntil = new Date(2026, 5, 1, 9, 15).toISOString();
    const out = afterLoginFailure(
      { ...INITIAL_LOGIN_STATE, totp: true },
      fail('ACCOUNT_LOCKED', { lockedUntil }, '账户已锁定'),
      now,
    );
    expect(out.state.lockedUntil).toBe(lockedUntil);
    expect(out.state.message).toBe('账户已锁定');
    expect(out.state.hint).toBe('账户将于 09:15 自动解锁，届时请重试');
    expect(out.state.totp).toBe(false);
    expect(out.clearPassword).toBe(true);
  });

  it('shows any other error as it came, changing no inputs', () => {
    const state = { ...INITIAL_LOGIN_STATE, captcha: true };
    const out = afterLoginFailure(state, fail('NETWORK', undefined, '无法连接服务器，请检查网络后重试'));
    expect(out.state.captcha).toBe(true);
    expect(out.state.totp).toBe(false);
    expect(out.state.message).toBe('无法连接服务器，请检查网络后重试');
  });
});

describe('formatUnlockTime', () => {
  it('adds the date when the unlock is not today', () => {
    const now = new Date(2026, 5, 1, 23, 55);
    expect(formatUnlockTime(new Date(2026, 5, 2, 0, 10).toISOString(), now)).toBe('2026-06-02 00:10');
  });
});

describe('buildLoginRequest', () => {
  const value = { username: ' admin ', password: 'Secret#2026', captcha: ' ab3k ', totp: '123456' };

  it('sends only username and password while nothing else is shown', () => {
    expect(buildLoginRequest(INITIAL_LOGIN_STATE, value, 'c1')).toEqual({
      username: 'admin',
      password: 'Secret#2026',
    });
  });

  it('adds captchaId and captcha, and totp, when the form shows them', () => {
    const state = { ...INITIAL_LOGIN_STATE, captcha: true, totp: true };
    expect(buildLoginRequest(state, value, 'c1')).toEqual({
      username: 'admin',
      password: 'Secret#2026',
      captchaId: 'c1',
      captcha: 'ab3k',
      totp: '123456',
    });
  });
});
