/**
 * Bad input to a statistics function (an unreadable period label, counts that cannot be, a confidence
 * level outside 0…1). The message is Chinese and names the offending value, so a route can answer it
 * as a 400 as it stands; `field` says which argument it was about.
 */
export class StatsInputError extends RangeError {
  override readonly name = 'StatsInputError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
