import { HttpContext, HttpContextToken } from '@angular/common/http';

/** Set on requests whose caller shows the error itself (e.g. the login form). */
export const SILENT_ERRORS = new HttpContextToken<boolean>(() => false);

/** A context that keeps the global error toast quiet for one request. */
export function silentErrors(): HttpContext {
  return new HttpContext().set(SILENT_ERRORS, true);
}
