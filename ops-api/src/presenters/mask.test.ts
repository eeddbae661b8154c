import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './mask.js';

describe('masking personal data', () => {
  it('masks mobile and landline numbers keeping prefix and last four', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('0772-1234567')).toBe('077****4567');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('123')).toBe('****');
  });

  it('masks e-mail addresses', () => {
    expect(maskEmail('zhang.san@lz.gov.cn')).toBe('z***@lz.gov.cn');
    expect(maskEmail('broken')).toBe('***');
  });
});
