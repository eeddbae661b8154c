import { civil, dayNumber } from './calendar.js';
import { areaCodeFor, idCheckDigit, isValidIdNumber, makeIdNumber, makeName } from './identity.js';
import { Rng } from './prng.js';

describe('ID numbers (GB 11643)', () => {
  it('computes the check character of published examples', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(() => idCheckDigit('12345')).toThrow(/17 digits/);
  });

  it('makes valid Liuzhou numbers carrying the birth date and sex', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const birth = dayNumber(1930, 1, 1) + rng.int(0, 34_000);
      const male = rng.chance(0.5);
      const id = makeIdNumber(rng, '450204', birth, male);
      expect(isValidIdNumber(id)).toBe(true);
      expect(id.slice(0, 6)).toBe('450204');
      const b = civil(birth);
      expect(id.slice(6, 14)).toBe(`${b.y}${String(b.m).padStart(2, '0')}${String(b.d).padStart(2, '0')}`);
      expect(Number(id[16]) % 2).toBe(male ? 1 : 0);
    }
  });

  it('uses 柳江县’s old area code for people born before it became a district', () => {
    expect(areaCodeFor('柳江区', dayNumber(1980, 5, 1))).toBe('450221');
    expect(areaCodeFor('柳江区', dayNumber(2018, 5, 1))).toBe('450206');
    expect(areaCodeFor('融水苗族自治县', dayNumber(1980, 5, 1))).toBe('450225');
  });
});

describe('names', () => {
  it('are Chinese, two to four characters, or a newborn registered as the mother’s child', () => {
    const rng = new Rng(8);
    for (let i = 0; i < 1000; i++) expect(makeName(rng, rng.chance(0.5), 1970, false)).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    expect(makeName(rng, true, 2024, true)).toMatch(/^[\u4e00-\u9fa5]{2,4}之子$/);
    expect(makeName(rng, false, 2024, true)).toMatch(/^[\u4e00-\u9fa5]{2,4}之女$/);
  });
});

describe('Rng', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(new Rng(124).next()).not.toBe(new Rng(123).next());
  });

  it('draws log-normals around their median', () => {
    const rng = new Rng(9);
    const xs = Array.from({ length: 20_000 }, () => rng.logNormal(8, 0.4)).sort((p, q) => p - q);
    expect(xs[10_000]).toBeGreaterThan(7.5);
    expect(xs[10_000]).toBeLessThan(8.5);
  });
});
