import { SecurityPolicy } from '../../../core/api/models';

/** A numeric field of the security policy, with its Chinese label and allowed range. */
export interface PolicyNumberField {
  key: Exclude<keyof SecurityPolicy, 'totpRequiredRoles'>;
  label: string;
  min: number;
  max: number;
  unit?: string;
  hint?: string;
}

/** Every numeric field of GET/PUT /api/security/policy, grouped as the form shows them. */
export const POLICY_SECTIONS: { title: string; fields: PolicyNumberField[] }[] = [
  {
    title: '密码',
    fields: [
      { key: 'passwordMinLength', label: '密码最小长度', min: 8, max: 64, unit: '位', hint: '等保三级要求不少于 8 位' },
      {
        key: 'passwordMinClasses',
        label: '密码最少字符类别',
        min: 1,
        max: 4,
        unit: '类',
        hint: '大写字母、小写字母、数字、特殊字符四类中至少几类',
      },
      { key: 'passwordMaxAgeDays', label: '密码有效期（天）', min: 1, max: 3650, hint: '到期后须修改密码才能继续使用' },
      { key: 'passwordHistory', label: '密码历史（不可重复最近 N 次）', min: 0, max: 24, hint: '0 表示不限制' },
    ],
  },
  {
    title: '登录失败处理',
    fields: [
      { key: 'lockoutThreshold', label: '失败锁定阈值（次）', min: 1, max: 100, hint: '连续失败达到该次数后锁定账户' },
      { key: 'lockoutMinutes', label: '锁定时长（分钟）', min: 1, max: 1440 },
      {
        key: 'captchaAfterFailures',
        label: '失败几次后需验证码',
        min: 1,
        max: 100,
        hint: '连续失败达到该次数后，登录须输入图片验证码；应小于失败锁定阈值',
      },
    ],
  },
  {
    title: '会话',
    fields: [
      { key: 'sessionIdleMinutes', label: '空闲超时（分钟）', min: 1, max: 1440, hint: '无操作超过该时长自动退出登录' },
      { key: 'sessionAbsoluteHours', label: '会话最长（小时）', min: 1, max: 720, hint: '无论是否操作，登录超过该时长须重新登录' },
    ],
  },
  {
    title: '审计',
    fields: [
      {
        key: 'auditRetentionDays',
        label: '审计保留（天，≥180）',
        min: 180,
        max: 36500,
        hint: '《网络安全法》要求网络日志留存不少于六个月',
      },
    ],
  },
];

/** Cross-field rule the server may also check: the captcha must come before the lockout. */
export function policyWarning(policy: Pick<SecurityPolicy, 'captchaAfterFailures' | 'lockoutThreshold'>): string | null {
  if (policy.captchaAfterFailures >= policy.lockoutThreshold) {
    return '“失败几次后需验证码”不小于“失败锁定阈值”，账户会在要求验证码之前就被锁定。';
  }
  return null;
}
