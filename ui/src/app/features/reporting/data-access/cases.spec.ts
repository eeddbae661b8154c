import { MAX_CASES, casesDigest, casesProblem, casesText, parseCases, summarizeCases } from './cases';

describe('parseCases', () => {
  it('reads a column pasted from Excel, one case per line (CRLF and a trailing blank line included)', () => {
    expect(parseCases('3.5\r\n12\r\n0.8\r\n\r\n').tokens).toEqual(['3.5', '12', '0.8']);
    expect(parseCases('3.5\r\n12\r\n0.8\r\n').numbers).toEqual([3.5, 12, 0.8]);
  });

  it('takes tabs (a pasted row), commas, semicolons, spaces and 、 as separators, blanks dropped', () => {
    expect(parseCases('1\t2\t3').tokens).toEqual(['1', '2', '3']);
    expect(parseCases('1, 2,,3 ;4;  5、6').tokens).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(parseCases('  ').tokens).toEqual([]);
    expect(parseCases(null).numbers).toEqual([]);
  });

  it('reads full-width separators and digits as an IME types them', () => {
    const parsed = parseCases('１２．５，３；４　5');
    expect(parsed.tokens).toEqual(['12.5', '3', '4', '5']);
    expect(parsed.numbers).toEqual([12.5, 3, 4, 5]);
  });

  it('names each token that is not a number by its position among the cases', () => {
    const parsed = parseCases('4\n\n7\nabc\n2h');
    expect(parsed.numbers).toBeNull();
    expect(parsed.bad).toEqual([
      { index: 3, token: 'abc' },
      { index: 4, token: '2h' },
    ]);
    expect(casesProblem(parsed)).toBe('第3例“abc”不是数字；第4例“2h”不是数字');
    expect(casesProblem(parseCases('1 2 -3 4.5e1'))).toBeNull();
  });

  it('names three bad cases and counts the rest, and refuses more cases than the API takes', () => {
    expect(casesProblem(parseCases('a b c d e 1'))).toBe(
      '第1例“a”不是数字；第2例“b”不是数字；第3例“c”不是数字；另有 2 例不是数字',
    );
    const tooMany = Array.from({ length: MAX_CASES + 1 }, (_, i) => i).join('\n');
    expect(casesProblem(parseCases(tooMany))).toBe(`最多填写 ${MAX_CASES} 例，现有 ${MAX_CASES + 1} 例`);
  });
});

describe('case summaries', () => {
  it('gives count, median (mean of the middle two for an even count) and range', () => {
    expect(summarizeCases([9, 1, 5])).toEqual({ count: 3, median: 5, min: 1, max: 9 });
    expect(summarizeCases([4, 1, 10, 2])).toEqual({ count: 4, median: 3, min: 1, max: 10 });
    expect(summarizeCases([])).toEqual({ count: 0, median: null, min: null, max: null });
  });

  it('says a list in one line, with the unit after the median', () => {
    expect(casesDigest([2, 30, 1, 4.5, 6], '小时')).toBe('5 例（中位数 4.5 小时，最小 1，最大 30）');
    expect(casesDigest([1.234, 2], null)).toBe('2 例（中位数 1.62，最小 1.23，最大 2）');
    expect(casesDigest([], '小时')).toBe('—');
    expect(casesDigest(null)).toBe('—');
  });

  it('puts saved cases back into the box one per line', () => {
    expect(casesText([3.5, 12])).toBe('3.5\n12');
    expect(casesText(null)).toBe('');
  });
});
