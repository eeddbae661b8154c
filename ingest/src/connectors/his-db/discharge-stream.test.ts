import { wallClockText } from './discharge-stream.js';

describe('wallClockText', () => {
  it('keeps China wall-clock text, drops a +08 zone, converts other zones to UTC+8', () => {
    expect(wallClockText('admit_time', '2024-03-01 08:30:00')).toBe('2024-03-01 08:30:00');
    expect(wallClockText('admit_time', '2024-03-01 08:30:00.123456+08')).toBe('2024-03-01 08:30:00.123456');
    expect(wallClockText('admit_time', '2024-03-01T08:30:00+08:00')).toBe('2024-03-01 08:30:00');
    expect(wallClockText('admit_time', '2024-03-01T00:30:00Z')).toBe('2024-03-01 08:30:00');
    expect(wallClockText('admit_time', '2024-02-29T20:30:00-0400')).toBe('2024-03-01 08:30:00');
  });

  it('gives a date column its date, leaves other keys and unreadable text alone', () => {
    expect(wallClockText('birth_date', '1980-01-01 00:00:00')).toBe('1980-01-01');
    expect(wallClockText('birth_date', '1980-01-01')).toBe('1980-01-01');
    expect(wallClockText('op_date_1', '2024-03-02')).toBe('2024-03-02');
    expect(wallClockText('record_no', '2024-03-01T00:30:00Z')).toBe('2024-03-01T00:30:00Z');
    expect(wallClockText('admit_time', '2024年3月1日')).toBe('2024年3月1日');
    expect(wallClockText('age', 44)).toBe(44);
  });
});
