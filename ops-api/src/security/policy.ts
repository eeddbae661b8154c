import Joi from 'joi';
import type { Db } from '../services/context.js';

/** The security policy the 安全管理员 sets; stored in `security_settings` under `policy`. */
export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  passwordMaxAgeDays: number;
  passwordHistory: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  captchaAfterFailures: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  totpRequiredRoles: string[];
  auditRetentionDays: number;
}

export const DEFAULT_POLICY: SecurityPolicy = {
  passwordMinLength: 8,
  passwordMinClasses: 3,
  passwordMaxAgeDays: 90,
  passwordHistory: 5,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  captchaAfterFailures: 3,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  totpRequiredRoles: ['sysadmin', 'secadmin', 'auditor', 'city_admin'],
  auditRetentionDays: 180,
};

/** Joi schema with Chinese labels; the floors keep a policy from being weakened below 等保三级. */
export const policySchema = Joi.object<SecurityPolicy>({
  passwordMinLength: Joi.number().integer().min(8).max(64).required().label('密码最小长度'),
  passwordMinClasses: Joi.number().integer().min(3).max(4).required().label('密码最少字符类别'),
  passwordMaxAgeDays: Joi.number().integer().min(1).max(90).required().label('密码有效期（天）'),
  passwordHistory: Joi.number().integer().min(5).max(24).required().label('密码历史'),
  lockoutThreshold: Joi.number().integer().min(3).max(10).required().label('失败锁定阈值'),
  lockoutMinutes: Joi.number().integer().min(15).max(1440).required().label('锁定时长（分钟）'),
  captchaAfterFailures: Joi.number().integer().min(1).max(10).required().label('失败几次后需验证码'),
  sessionIdleMinutes: Joi.number().integer().min(5).max(30).required().label('空闲超时（分钟）'),
  sessionAbsoluteHours: Joi.number().integer().min(1).max(12).required().label('会话最长（小时）'),
  totpRequiredRoles: Joi.array()
    .items(Joi.string().pattern(/^[a-z_]{2,40}$/).label('角色'))
    .max(50)
    .required()
    .label('必须两步验证的角色'),
  auditRetentionDays: Joi.number().integer().min(180).max(3650).required().label('审计保留（天）'),
}).label('SecurityPolicy');

/** The policy in force: what the 安全管理员 saved, else `fallback` (from configuration), else the defaults. */
export async function getPolicy(db: Db, fallback: Partial<SecurityPolicy> = {}): Promise<SecurityPolicy> {
  const row = (await db('security_settings').where('key', 'policy').first()) as { value: Partial<SecurityPolicy> } | undefined;
  return { ...DEFAULT_POLICY, ...fallback, ...(row?.value ?? {}) };
}

/** Saves a validated policy. */
export async function savePolicy(db: Db, policy: SecurityPolicy): Promise<SecurityPolicy> {
  await db('security_settings')
    .insert({ key: 'policy', value: JSON.stringify(policy), updated_at: new Date() })
    .onConflict('key')
    .merge(['value', 'updated_at']);
  return getPolicy(db);
}
