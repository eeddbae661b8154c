import type { ServerRoute } from '@hapi/hapi';
import type { RouteDeps } from '../deps.js';

/** Routes of /api/indicators (being built). */
export function indicatorRoutes(_deps: RouteDeps): ServerRoute[] {
  return [];
}
