export * from './base.js';
export * from './organization.js';
export * from './user.js';
export * from './role.js';
export * from './session.js';
