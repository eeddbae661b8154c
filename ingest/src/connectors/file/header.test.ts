import { headerScore, mapHeader } from './header.js';
import { REQUIRED_FILE_KEYS, keyToHeader } from '../../core/discharge-record.js';

const required = REQUIRED_FILE_KEYS.map(keyToHeader);

describe('mapHeader', () => {
  it('maps columns in any order and lists unknown ones', () => {
    const h = mapHeader(['备注', ...[...required].reverse(), '', '姓名']);
    expect(h.missing).toEqual([]);
    expect(h.keys[0]).toBeUndefined();
    expect(h.keys[1]).toBe(REQUIRED_FILE_KEYS[REQUIRED_FILE_KEYS.length - 1]);
    expect(h.keys.at(-1)).toBe('patient_name');
    expect(h.unknown).toEqual(['备注', `第${required.length + 2}列（无列名）`]);
  });

  it('names the missing required columns', () => {
    const h = mapHeader(required.filter((c) => c !== '病案号' && c !== '出院时间'));
    expect(h.missing).toEqual(['病案号', '出院时间']);
  });

  it('names duplicated columns', () => {
    expect(mapHeader([...required, '病案号']).duplicates).toEqual(['病案号']);
  });

  it('scores how many cells are format columns', () => {
    expect(headerScore(['病案号', '性别', 'garbage'])).toBe(2);
  });
});
