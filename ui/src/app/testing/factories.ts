/** Test data builders shared by the unit tests (never imported by the app). */
import { Me } from '../core/api/models';

/** A signed-in user with nothing pending; override what the test is about. */
export function buildMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 1,
    username: 'liaison',
    displayName: '联络员',
    org: { id: 10, code: 'H001', name: '柳州市工人医院', kind: 'hospital' },
    roles: [{ code: 'hospital_liaison', name: '医院联络员' }],
    permissions: [],
    mustChangePassword: false,
    passwordExpiresAt: null,
    totpEnabled: false,
    totpRequired: false,
    ...overrides,
  };
}
