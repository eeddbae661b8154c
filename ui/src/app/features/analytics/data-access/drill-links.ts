import { DrillLinks, Grain } from './analytics-models';

/**
 * The drill links of a cell, in the form the server gives on value rows (GET /api/analytics/drill,
 * docs/indicators-analytics.md §4), for answers that carry numbers without links — the overview's
 * key indicators, which add up a year of the city (cut to the caller's scope by the server).
 */
export function drillLinksFor(indicator: string, org: string, period: string, grain: Grain): DrillLinks {
  const base =
    `/api/analytics/drill?indicator=${encodeURIComponent(indicator)}&org=${encodeURIComponent(org)}` +
    `&period=${encodeURIComponent(period)}&grain=${grain}`;
  return { numerator: `${base}&part=numerator`, denominator: `${base}&part=denominator` };
}
