/** Test data builders shared by the unit tests (never imported by the app). */
import { Connection, Me, Run } from '../core/api/models';

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

/** A finished upload run of 病案首页 with nothing rejected; override what the test is about. */
export function buildRun(overrides: Partial<Run> = {}): Run {
  return {
    runId: 'run-1',
    status: 'succeeded',
    kind: 'discharge_records',
    rowsRead: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rejects: [],
    org: { code: 'H001', name: '柳州市工人医院' },
    connection: null,
    trigger: 'upload',
    fileName: '病案首页-2026年1月.xlsx',
    createdBy: 'liaison',
    queuedAt: '2026-02-01T01:00:00.000Z',
    startedAt: '2026-02-01T01:00:01.000Z',
    finishedAt: '2026-02-01T01:00:05.000Z',
    durationMs: 4000,
    error: null,
    ...overrides,
  };
}

/** A HIS database connection of 柳州市工人医院, nightly at 02:00; override what the test is about. */
export function buildConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 1,
    name: '工人医院 HIS',
    kind: 'his_db',
    org: { code: 'H001', name: '柳州市工人医院' },
    config: {
      dialect: 'postgres',
      url: 'postgres://qc:******@10.0.0.5:5432/his',
      table: 'v_discharge',
      cursorColumn: 'updated_at',
      pageSize: 1000,
    },
    schedule: '0 2 * * *',
    enabled: true,
    lastRun: null,
    nextRunAt: '2026-02-02T18:00:00.000Z',
    ...overrides,
  };
}
