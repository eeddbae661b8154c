import type { ServerRoute } from '@hapi/hapi';
import type { RouteDeps } from '../deps.js';

/** Routes of /api/reporting (being built). */
export function reportingRoutes(_deps: RouteDeps): ServerRoute[] {
  return [];
}
