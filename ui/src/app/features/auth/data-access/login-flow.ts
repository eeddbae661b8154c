import { ApiErrorBody, LoginRequest } from '../../../core/api/models';

/** What the login form shows besides username and password. */
export interface LoginFlowState {
  /** The captcha row (image, refresh link, `input[name=captcha]`). */
  captcha: boolean;
  /** The 6-digit `input[name=totp]`. */
  totp: boolean;
  /** Set after 423 ACCOUNT_LOCKED: when the account opens again (ISO). */
  lockedUntil: string | null;
  /** The server's message for the alert above the form. */
  message: string | null;
  /** `info` when the server only asks for more (the second factor), `error` otherwise. */
  severity: 'error' | 'info';
  /** A second line under the message, e.g. how many attempts are left. */
  hint: string | null;
}

/** What the page must do to its inputs after a refusal. */
export interface LoginFailureOutcome {
  state: LoginFlowState;
  clearPassword: boolean;
  clearCaptcha: boolean;
  clearTotp: boolean;
  /** A captcha is good for one attempt, so every failure while one is shown needs a new one. */
  refreshCaptcha: boolean;
}

export const INITIAL_LOGIN_STATE: LoginFlowState = {
  captcha: false,
  totp: false,
  lockedUntil: null,
  message: null,
  severity: 'error',
  hint: null,
};

interface FailureDetails {
  captchaRequired?: unknown;
  remainingAttempts?: unknown;
  lockedUntil?: unknown;
}

/** `HH:mm`, with the date in front when it is not today. */
export function formatUnlockTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}`;
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? time : `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${time}`;
}

/**
 * The login state machine: given what the form showed and how the server refused it, what to show
 * next. The codes are those of docs/api.md, "Security routes".
 */
export function afterLoginFailure(
  state: LoginFlowState,
  error: ApiErrorBody,
  now: Date = new Date(),
): LoginFailureOutcome {
  const details = (error.details && typeof error.details === 'object' ? error.details : {}) as FailureDetails;
  const captchaFlag = typeof details.captchaRequired === 'boolean' ? details.captchaRequired : null;
  let next: LoginFlowState = {
    ...state,
    message: error.message,
    severity: 'error',
    hint: null,
    lockedUntil: null,
    captcha: captchaFlag ?? state.captcha,
  };
  let clearPassword = false;
  let clearTotp = false;

  switch (error.code) {
    case 'LOGIN_FAILED': {
      // The password was wrong, so the second factor was never looked at; ask again only if the
      // server does once the password is right.
      next = { ...next, totp: false };
      clearPassword = true;
      clearTotp = true;
      const left = details.remainingAttempts;
      if (typeof left === 'number' && left > 0) {
        next.hint = `再输错 ${left} 次，账户将被暂时锁定`;
      }
      break;
    }
    case 'CAPTCHA_REQUIRED':
    case 'CAPTCHA_INVALID':
      next = { ...next, captcha: true };
      break;
    case 'TOTP_REQUIRED':
      // Username and password were right: keep them for the resubmission with the code.
      next = { ...next, totp: true, severity: 'info' };
      break;
    case 'TOTP_INVALID':
      next = { ...next, totp: true };
      clearTotp = true;
      break;
    case 'ACCOUNT_LOCKED': {
      const until = typeof details.lockedUntil === 'string' ? details.lockedUntil : null;
      next = { ...next, totp: false, lockedUntil: until };
      if (until) next.hint = `账户将于 ${formatUnlockTime(until, now)} 自动解锁，届时请重试`;
      clearPassword = true;
      clearTotp = true;
      break;
    }
    default:
      break;
  }
  return {
    state: next,
    clearPassword,
    clearTotp,
    clearCaptcha: next.captcha,
    refreshCaptcha: next.captcha,
  };
}

/** The form values of the login page. */
export interface LoginFormValue {
  username: string;
  password: string;
  captcha: string;
  totp: string;
}

/** The POST /api/auth/login body: captcha and code only when the form shows them. */
export function buildLoginRequest(
  state: LoginFlowState,
  value: LoginFormValue,
  captchaId: string | null,
): LoginRequest {
  const request: LoginRequest = { username: value.username.trim(), password: value.password };
  if (state.captcha && captchaId) {
    request.captchaId = captchaId;
    request.captcha = value.captcha.trim();
  }
  if (state.totp) request.totp = value.totp.trim();
  return request;
}
