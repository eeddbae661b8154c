import iconv from 'iconv-lite';
import { detectEncoding, isValidUtf8 } from './encoding.js';

const TEXT = '医疗机构代码,病案号,住院次数,姓名,出院科别\r\n450201001,BA0001,1,张三,心血管内科\r\n';

describe('detectEncoding', () => {
  it('reads a UTF-8 BOM', () => {
    const g = detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), true);
    expect(g).toMatchObject({ candidates: ['utf-8'], bomLength: 3 });
  });

  it('reads a GB18030 BOM and UTF-16 BOMs', () => {
    expect(detectEncoding(Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), iconv.encode(TEXT, 'gb18030')]), true)).toMatchObject({
      candidates: ['gb18030'],
      bomLength: 4,
    });
    expect(detectEncoding(iconv.encode(TEXT, 'utf-16le', { addBOM: true }), true).candidates).toEqual(['utf-16le']);
  });

  it('takes valid UTF-8 without BOM for UTF-8', () => {
    expect(detectEncoding(Buffer.from(TEXT), true)).toMatchObject({ candidates: ['utf-8', 'gb18030'], bomLength: 0 });
  });

  it('takes GBK/GB18030 bytes for GB18030, never for UTF-8', () => {
    const g = detectEncoding(iconv.encode(TEXT, 'gb18030'), true);
    expect(g.candidates[0]).toBe('gb18030');
    expect(g.candidates).not.toContain('utf-8');
    expect(g.reason).toContain('不是 UTF-8');
  });

  it('does not mistake a UTF-8 sequence cut at the end of a sample for invalid UTF-8', () => {
    const bytes = Buffer.from('病案号');
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(isValidUtf8(cut, false)).toBe(true);
    expect(isValidUtf8(cut, true)).toBe(false);
  });
});
