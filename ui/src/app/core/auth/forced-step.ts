import { LoginNext, Me } from '../api/models';

/** The page that completes each forced step. */
export const FORCED_STEP_PAGES: Record<LoginNext, string> = {
  change_password: '/account/password',
  enroll_totp: '/account/totp',
};

/**
 * What the server will insist on before anything beyond /api/auth/* works, read from `Me`
 * (so a reload lands on the same page the login answer pointed to). The password comes first.
 */
export function requiredStepOf(me: Me | null, now: Date = new Date()): LoginNext | null {
  if (!me) return null;
  if (me.mustChangePassword) return 'change_password';
  if (me.passwordExpiresAt && Date.parse(me.passwordExpiresAt) <= now.getTime()) {
    return 'change_password';
  }
  if (me.totpRequired && !me.totpEnabled) return 'enroll_totp';
  return null;
}

/**
 * Where a navigation to `url` must go instead while `step` is pending, or null to let it through.
 * Only the step's own page is open; every other route, the menu's included, is closed.
 */
export function forcedRedirect(step: LoginNext | null, url: string): string | null {
  if (!step) return null;
  const page = FORCED_STEP_PAGES[step];
  const path = url.split(/[?#]/)[0];
  return path === page ? null : page;
}

/** The step matching an API refusal (`403 PASSWORD_CHANGE_REQUIRED` / `TOTP_ENROLLMENT_REQUIRED`). */
export function stepForErrorCode(code: string | undefined): LoginNext | null {
  switch (code) {
    case 'PASSWORD_CHANGE_REQUIRED':
      return 'change_password';
    case 'TOTP_ENROLLMENT_REQUIRED':
      return 'enroll_totp';
    default:
      return null;
  }
}
