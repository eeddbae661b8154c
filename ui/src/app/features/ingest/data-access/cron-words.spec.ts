import { SCHEDULE_PRESETS, cronToWords, describeSchedule, isValidCron } from './cron-words';

describe('cronToWords', () => {
  it('names the schedules the form offers exactly as the select does', () => {
    for (const preset of SCHEDULE_PRESETS) {
      expect(cronToWords(preset.cron)).toBe(preset.label);
    }
  });

  it('reads fixed times of day with zero-padded hours and minutes', () => {
    expect(cronToWords('0 2 * * *')).toBe('每天 02:00');
    expect(cronToWords('30 6 * * *')).toBe('每天 06:30');
    expect(cronToWords('5 0,12 * * *')).toBe('每天 00:05、12:05');
    expect(cronToWords('  15   23 * * * ')).toBe('每天 23:15');
  });

  it('reads weekdays Monday first, Sunday as 0 or 7', () => {
    expect(cronToWords('0 3 * * 1')).toBe('每周一 03:00');
    expect(cronToWords('0 3 * * 0')).toBe('每周日 03:00');
    expect(cronToWords('0 3 * * 7')).toBe('每周日 03:00');
    expect(cronToWords('0 8 * * 1-5')).toBe('每周一至周五 08:00');
    expect(cronToWords('0 8 * * 5,1,3')).toBe('每周一、三、五 08:00');
    expect(cronToWords('0 8 * * 0,6')).toBe('每周六、日 08:00');
  });

  it('reads repetition within the hour and the day', () => {
    expect(cronToWords('* * * * *')).toBe('每分钟');
    expect(cronToWords('*/15 * * * *')).toBe('每 15 分钟');
    expect(cronToWords('0 * * * *')).toBe('每小时');
    expect(cronToWords('30 * * * *')).toBe('每小时第 30 分');
    expect(cronToWords('0 */6 * * *')).toBe('每 6 小时');
    expect(cronToWords('10 */2 * * *')).toBe('每 2 小时（第 10 分）');
  });

  it('reads days of the month and of the year', () => {
    expect(cronToWords('30 6 1 * *')).toBe('每月 1 日 06:30');
    expect(cronToWords('0 0 15 3 *')).toBe('每年 3 月 15 日 00:00');
  });

  it('gives up on what words would obscure, and on what is not a cron', () => {
    expect(cronToWords('0 2 1 * 1')).toBeNull();
    expect(cronToWords('0 2-4 * * *')).toBeNull();
    expect(cronToWords('0 2 * * MON')).toBeNull();
    expect(cronToWords('0 2 * *')).toBeNull();
    expect(cronToWords('61 2 * * *')).toBeNull();
    expect(cronToWords('')).toBeNull();
    expect(cronToWords(null)).toBeNull();
  });
});

describe('describeSchedule', () => {
  it('shows words where simple, the expression otherwise, and 仅手动运行 for none', () => {
    expect(describeSchedule('0 2 * * *')).toBe('每天 02:00');
    expect(describeSchedule('0 2-4 * * *')).toBe('0 2-4 * * *');
    expect(describeSchedule(null)).toBe('仅手动运行');
    expect(describeSchedule('  ')).toBe('仅手动运行');
  });
});

describe('isValidCron', () => {
  it('accepts five fields of numbers, lists, ranges, steps and names', () => {
    for (const cron of ['0 2 * * *', '*/5 * * * *', '0 8-18/2 * * 1-5', '0 0 1,15 * *', '0 3 * JAN MON', '0 0 * * 7']) {
      expect(isValidCron(cron)).toBe(true);
    }
  });

  it('refuses the wrong number of fields, values out of range and malformed items', () => {
    for (const cron of ['', '0 2 * *', '0 2 * * * *', '60 2 * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 8', '0 5-2 * * *', '*/0 * * * *', '0 2,,3 * * *', 'a b c d e']) {
      expect(isValidCron(cron)).toBe(false);
    }
  });
});
