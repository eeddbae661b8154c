import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { ValidationError } from '../errors.js';

/** Kinds of file the platform accepts, by content. */
export type UploadKind = 'xlsx' | 'csv' | 'pdf' | 'png' | 'jpg' | 'docx' | 'pptx' | 'mp4';

const MIME: Record<UploadKind, string[]> = {
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  pdf: ['application/pdf'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  mp4: ['video/mp4'],
  csv: [],
};

const LABEL: Record<UploadKind, string> = {
  xlsx: 'Excel（.xlsx）', csv: 'CSV', pdf: 'PDF', png: 'PNG 图片', jpg: 'JPEG 图片', docx: 'Word（.docx）', pptx: 'PowerPoint（.pptx）', mp4: 'MP4 视频',
};

/**
 * A file name safe to store and to send back: no directories, no control or reserved characters, no
 * leading dots, at most 120 characters; Chinese names are kept.
 */
export function sanitizeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).normalize('NFC');
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  let clean = base.replace(/[\x00-\x1f\x7f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]/g, '_').replace(/^[.\s]+/, '').trim();
  if (!clean) clean = 'file';
  if (clean.length > 120) {
    const ext = path.extname(clean).slice(0, 10);
    clean = clean.slice(0, 120 - ext.length) + ext;
  }
  return clean;
}

/** CSV is text: no NUL bytes, and it decodes as UTF-8 or is plausibly GB18030 (no C0 controls but tab/CR/LF). */
function looksLikeText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 64 * 1024);
  for (const byte of sample) if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) return false;
  return true;
}

/**
 * Checks an upload by its content (magic bytes), not by its name or the client's content type, and by
 * size. Returns the detected kind and a sanitized name; throws a Chinese ValidationError naming the file.
 */
export async function checkUpload(
  /** `data` may be the first bytes only (64 KiB is enough to judge); `size` is then the whole size. */
  file: { name: string; data: Buffer; size?: number },
  allowed: UploadKind[],
  maxBytes: number,
): Promise<{ kind: UploadKind; name: string }> {
  const name = sanitizeFileName(file.name);
  const refuse = (message: string): never => {
    throw new ValidationError(`文件「${name}」${message}`, [{ field: 'file', message }]);
  };
  const size = file.size ?? file.data.length;
  if (size === 0) refuse('是空文件');
  if (size > maxBytes) refuse(`超过大小上限 ${(maxBytes / 1024 / 1024).toFixed(0)} MB`);
  const detected = await fileTypeFromBuffer(file.data);
  const wanted = allowed.map((k) => LABEL[k]).join('、');
  if (detected) {
    const kind = allowed.find((k) => MIME[k].includes(detected.mime));
    if (!kind) refuse(`的实际内容是 ${detected.ext} 文件，只接受 ${wanted}`);
    return { kind: kind!, name };
  }
  if (allowed.includes('csv') && looksLikeText(file.data)) return { kind: 'csv', name };
  return refuse(`的内容无法识别，只接受 ${wanted}`);
}

/**
 * Checks a file on disk (an upload or an operator's file) by its first bytes and size, and hashes it.
 * The same checks for every door data comes in by.
 */
export async function inspectFile(
  filePath: string,
  name: string,
  allowed: UploadKind[],
  maxBytes: number,
): Promise<{ kind: UploadKind; name: string; size: number; sha256: string }> {
  const size = fs.statSync(filePath).size;
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const checked = await checkUpload({ name, data: head, size }, allowed, maxBytes);
  const sha256 = await new Promise<string>((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(filePath)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
  return { ...checked, size, sha256 };
}
