import { buildConnection } from '../../../testing/factories';
import {
  CUSTOM_SCHEDULE,
  ConnectionDraft,
  MANUAL_ONLY,
  buildConfig,
  createPayload,
  initialConfigValues,
  scheduleChoiceOf,
  scheduleFrom,
  updatePayload,
} from './connection-config';

const API_SAVED = {
  baseUrl: 'https://bigdata.liuzhou.gov.cn/api',
  clientId: 'qc-platform',
  clientSecret: '******',
  pageSize: 500,
};

describe('connection config', () => {
  it('starts a masked secret empty and keeps the other saved settings', () => {
    expect(initialConfigValues('bigdata_api', API_SAVED)).toEqual({
      baseUrl: 'https://bigdata.liuzhou.gov.cn/api',
      clientId: 'qc-platform',
      clientSecret: '',
      pageSize: 500,
    });
    // A URL with its password masked starts empty too; the form shows it as the placeholder.
    expect(initialConfigValues('his_db', buildConnection().config)['url']).toBe('');
  });

  it('fills a new connection with the presets of its kind', () => {
    expect(initialConfigValues('his_db', null)).toEqual({
      dialect: 'postgres',
      url: '',
      table: '',
      cursorColumn: '',
      pageSize: 1000,
    });
    expect(initialConfigValues('ops_db', null)).toEqual({});
  });

  it('leaves an untouched secret out, and sends one that was typed', () => {
    const untouched = buildConfig('bigdata_api', { ...initialConfigValues('bigdata_api', API_SAVED) }, API_SAVED);
    expect(untouched).toEqual({ baseUrl: API_SAVED.baseUrl, clientId: 'qc-platform', pageSize: 500 });
    expect(JSON.stringify(untouched)).not.toContain('******');

    const typed = buildConfig(
      'bigdata_api',
      { ...initialConfigValues('bigdata_api', API_SAVED), clientSecret: ' s3cret ' },
      API_SAVED,
    );
    expect(typed['clientSecret']).toBe('s3cret');
  });

  it('turns numbers into numbers, drops blanks and keeps settings the form does not know', () => {
    const config = buildConfig(
      'his_db',
      { dialect: 'mysql', url: 'mysql://u:p@h/db', table: ' t ', cursorColumn: '', pageSize: '250' },
      { encoding: 'gb18030', token: '******' },
    );
    expect(config).toEqual({ encoding: 'gb18030', dialect: 'mysql', url: 'mysql://u:p@h/db', table: 't', pageSize: 250 });
  });
});

describe('connection payloads', () => {
  const saved = buildConnection();
  const draftOf = (overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
    name: saved.name,
    kind: saved.kind,
    orgCode: 'H001',
    schedule: '0 2 * * *',
    enabled: true,
    config: buildConfig('his_db', initialConfigValues('his_db', saved.config), saved.config),
    ...overrides,
  });

  it('sends nothing when nothing changed, masked URL included', () => {
    expect(updatePayload(saved, draftOf())).toEqual({});
  });

  it('sends only what changed, the whole config when a setting changed', () => {
    const draft = draftOf({ enabled: false, schedule: null, config: { ...draftOf().config, table: 'v_new' } });
    const patch = updatePayload(saved, draft);
    expect(Object.keys(patch).sort()).toEqual(['config', 'enabled', 'schedule']);
    expect(patch.schedule).toBeNull();
    expect(patch.config).toEqual({ dialect: 'postgres', table: 'v_new', cursorColumn: 'updated_at', pageSize: 1000 });
    expect(patch.config).not.toHaveProperty('url');
  });

  it('clears the organization with null and renames with the trimmed name', () => {
    expect(updatePayload(saved, draftOf({ orgCode: null, name: ' 新名称 ' }))).toEqual({ orgCode: null, name: '新名称' });
  });

  it('creates without the optional fields that are empty', () => {
    expect(
      createPayload({ name: ' 业务库 ', kind: 'ops_db', orgCode: null, schedule: null, enabled: true, config: {} }),
    ).toEqual({ name: '业务库', kind: 'ops_db', config: {}, enabled: true });
  });
});

describe('schedule select', () => {
  it('maps saved schedules onto the presets, 自定义 or 仅手动', () => {
    expect(scheduleChoiceOf('0  2 * * *')).toEqual({ choice: '0 2 * * *', custom: '' });
    expect(scheduleChoiceOf('*/30 * * * *')).toEqual({ choice: CUSTOM_SCHEDULE, custom: '*/30 * * * *' });
    expect(scheduleChoiceOf(null)).toEqual({ choice: MANUAL_ONLY, custom: '' });
  });

  it('turns the choice back into a schedule', () => {
    expect(scheduleFrom('0 3 * * 1', '')).toBe('0 3 * * 1');
    expect(scheduleFrom(CUSTOM_SCHEDULE, ' 15  1 * * * ')).toBe('15 1 * * *');
    expect(scheduleFrom(CUSTOM_SCHEDULE, 'not cron')).toBeNull();
    expect(scheduleFrom(MANUAL_ONLY, '0 2 * * *')).toBeNull();
  });
});
