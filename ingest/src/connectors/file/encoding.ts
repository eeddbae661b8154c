/**
 * Which text encoding a hospital's CSV is in, from its bytes: a BOM says so; otherwise valid UTF-8 is
 * UTF-8; otherwise a detector's guess, with GB18030 (the superset of GB2312 and GBK that Chinese HIS
 * exports use) as the next candidate. Never assumed: the caller picks the candidate whose header reads.
 */
import iconv from 'iconv-lite';
import jschardet from 'jschardet';

export interface EncodingGuess {
  /** iconv-lite names, most likely first. */
  candidates: string[];
  /** Length of the byte-order mark to skip, 0 when none. */
  bomLength: number;
  /** How the first candidate was found, for the log. */
  reason: string;
}

const BOMS: { bytes: number[]; encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0x84, 0x31, 0x95, 0x33], encoding: 'gb18030' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

const GB_FAMILY = /^(gb2312|gbk|gb18030|x-gbk|euc-cn|hz-gb-2312|cp936|windows-936)$/i;

/** True when `sample` is UTF-8; `complete` false allows a sequence cut at the sample's end. */
export function isValidUtf8(sample: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Guesses the encoding of a file from its first bytes (`complete` when the sample is the whole file). */
export function detectEncoding(sample: Buffer, complete: boolean): EncodingGuess {
  for (const bom of BOMS) {
    if (sample.length >= bom.bytes.length && bom.bytes.every((b, i) => sample[i] === b)) {
      return { candidates: [bom.encoding], bomLength: bom.bytes.length, reason: `字节顺序标记（BOM）表明为 ${bom.encoding.toUpperCase()}` };
    }
  }
  if (isValidUtf8(sample, complete)) {
    return { candidates: ['utf-8', 'gb18030'], bomLength: 0, reason: '内容是有效的 UTF-8' };
  }
  // jschardet is pure JavaScript: 64 KB is plenty for a guess.
  const guess = jschardet.detect(sample.subarray(0, 64 * 1024));
  const name = guess.encoding ?? '';
  if (GB_FAMILY.test(name)) {
    return { candidates: ['gb18030'], bomLength: 0, reason: `内容不是 UTF-8，检测为 ${name}（可信度 ${guess.confidence.toFixed(2)}），按 GB18030 解码` };
  }
  const candidates = ['gb18030'];
  if (name && guess.confidence >= 0.5 && iconv.encodingExists(name) && !/^(ascii|utf-8)$/i.test(name)) candidates.push(name.toLowerCase());
  if (!candidates.includes('big5')) candidates.push('big5');
  return { candidates, bomLength: 0, reason: `内容不是 UTF-8（检测器猜测 ${name || '未知'}），按表头可读性在 ${candidates.join('、')} 中选择` };
}
