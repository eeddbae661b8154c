import jStat from 'jstat';
import { StatsInputError } from './errors.js';

/** Throws unless 0 < level < 1 (a two-sided confidence level such as 0.95). */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) {
    throw new StatsInputError(`置信水平必须在 0 与 1 之间（例如 0.95），收到 ${level}`, 'level');
  }
}

/** Two-sided critical value of the standard normal: 1.959964… for level 0.95. */
export function normalCritical(level: number): number {
  assertLevel(level);
  return jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
}

/** Two-sided critical value of Student's t with df degrees of freedom (df may be fractional, as in Welch). */
export function tCritical(level: number, df: number): number {
  assertLevel(level);
  if (!(df > 0)) throw new StatsInputError(`t 分布的自由度必须大于 0，收到 ${df}`, 'df');
  return jStat.studentt.inv(1 - (1 - level) / 2, df);
}
