import type { Request, Server } from '@hapi/hapi';
import type { Knex } from 'knex';
import type { AppConfig } from '../config.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { actorForToken } from '../services/auth-service.js';
import type { Actor } from '../services/context.js';

export const SESSION_COOKIE = 'qc_sid';

/** Route-level setting read by the permission check: `options.plugins.qc.permission`. */
export interface QcRouteSettings {
  permission?: string;
}

declare module '@hapi/hapi' {
  interface PluginSpecificConfiguration {
    qc?: QcRouteSettings;
  }
}

/** The signed-in user of a request; routes with auth always have one. */
export function actorOf(request: Request): Actor {
  return request.auth.credentials as unknown as Actor;
}

/**
 * Cookie sessions kept on the server: the cookie carries a random token, the table its hash. Every
 * route needs a session unless it says `auth: false`; a route's `plugins.qc.permission` is checked
 * after authentication, in this one place.
 */
export function registerAuth(server: Server, knex: Knex, config: AppConfig): void {
  server.state(SESSION_COOKIE, {
    isHttpOnly: true,
    isSecure: config.cookieSecure,
    isSameSite: 'Strict',
    path: '/',
    encoding: 'none',
    strictHeader: true,
    ignoreErrors: true,
    clearInvalid: true,
  });
  const settings = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  server.auth.scheme('qc-session', () => ({
    async authenticate(request, h) {
      const token = request.state[SESSION_COOKIE] as string | undefined;
      if (!token) throw new UnauthenticatedError();
      const actor = await actorForToken(knex, token, settings);
      if (!actor) {
        h.unstate(SESSION_COOKIE);
        throw new UnauthenticatedError('登录已过期，请重新登录');
      }
      return h.authenticated({ credentials: actor as unknown as Record<string, unknown> });
    },
  }));
  server.auth.strategy('session', 'qc-session');
  server.auth.default('session');

  server.ext('onPostAuth', (request, h) => {
    const permission = request.route.settings.plugins?.qc?.permission;
    if (!permission) return h.continue;
    const actor = actorOf(request);
    if (!actor?.permissions?.includes(permission)) throw new ForbiddenError();
    return h.continue;
  });
}
