import type { ServerRoute } from '@hapi/hapi';
import type { RouteDeps } from '../deps.js';

/** Routes of /api/analytics (being built). */
export function analyticsRoutes(_deps: RouteDeps): ServerRoute[] {
  return [];
}
