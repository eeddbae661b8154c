// jstat 1.9.6 ships no types; only what analytics/src/stats uses is declared.
declare module 'jstat' {
  interface ContinuousDistribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  const jStat: {
    /** normal.inv(p, mean, sd) */
    normal: ContinuousDistribution;
    /** studentt.inv(p, degreesOfFreedom); fractional degrees of freedom are allowed */
    studentt: ContinuousDistribution;
  };
  export default jStat;
}
