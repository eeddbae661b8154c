import { DrillKind, DrillLinks } from '../data-access/analytics-models';

/** Which part of a cell's records to list. */
export type DrillPart = 'numerator' | 'denominator';

/** What the drill drawer opens: a cell's links, the part first shown and a title naming the cell. */
export interface DrillTarget {
  title: string;
  links: DrillLinks;
  part: DrillPart;
  /** What the links list, when the page knows (the indicator's binding); the answer says for sure. */
  kind?: DrillKind;
  /** A median or percentile indicator: its denominator lists the cases (one reported value each). */
  cases?: boolean;
}
