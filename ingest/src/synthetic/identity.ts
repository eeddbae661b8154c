/**
 * Synthetic personal identifiers as a real HIS file carries them: Chinese names and 18-digit resident
 * ID numbers (GB 11643-1999) with Liuzhou area codes. The platform hashes both away on load.
 */
import { civil, compactDay } from './calendar.js';
import { Rng, Weighted } from './prng.js';
import { AREA_CODES } from './registry.js';
import { GIVEN_FEMALE, GIVEN_MALE, GIVEN_MODERN, SURNAMES } from './tables.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits of an ID number. */
export function idCheckDigit(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error(`idCheckDigit: need 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** True when an 18-character ID number has a valid check character. */
export function isValidIdNumber(id: string): boolean {
  return /^[0-9]{17}[0-9X]$/.test(id) && idCheckDigit(id.slice(0, 17)) === id[17];
}

const surnames = new Weighted(SURNAMES);
const areaCodes = Object.entries(AREA_CODES);
const LIUJIANG = '柳江区';

/** Area code of someone born on `birthDay` living in `district` (柳江 was 柳江县 450221 until 2016). */
export function areaCodeFor(district: string, birthDay: number): string {
  if (district === LIUJIANG && civil(birthDay).y < 2016) return '450221';
  return AREA_CODES[district] ?? '450201';
}

/** A resident's district: mostly the hospital's own, otherwise anywhere in Liuzhou. */
export function pickDistrict(rng: Rng, hospitalDistrict: string | null | undefined): string {
  if (hospitalDistrict && AREA_CODES[hospitalDistrict] && rng.chance(0.75)) return hospitalDistrict;
  return (rng.pick(areaCodes) as [string, string])[0];
}

/** 18-digit ID number; the 顺序码's last digit is odd for men and even for women. */
export function makeIdNumber(rng: Rng, area: string, birthDay: number, male: boolean): string {
  const seq = rng.int(0, 99) * 10 + (male ? 2 * rng.int(0, 4) + 1 : 2 * rng.int(0, 4));
  const first17 = `${area}${compactDay(birthDay)}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

export function makeSurname(rng: Rng): string {
  return surnames.draw(rng);
}

/** A given name of one or two characters, in the style of the birth year. */
export function makeGivenName(rng: Rng, male: boolean, birthYear: number): string {
  const pool = birthYear >= 2005 && rng.chance(0.6) ? GIVEN_MODERN : male ? GIVEN_MALE : GIVEN_FEMALE;
  const a = pool[rng.int(0, pool.length - 1)] as string;
  if (rng.chance(0.2)) return a;
  return a + (pool[rng.int(0, pool.length - 1)] as string);
}

/** A full name; a newborn not yet named is registered as the mother's child (王丽之子). */
export function makeName(rng: Rng, male: boolean, birthYear: number, unnamedNewborn: boolean): string {
  if (unnamedNewborn) {
    const mother = makeSurname(rng) + makeGivenName(rng, false, birthYear - 28);
    return `${mother}${male ? '之子' : '之女'}`;
  }
  return makeSurname(rng) + makeGivenName(rng, male, birthYear);
}
