import { describe, expect, it } from 'vitest';
import { bundledLibrary } from '../../db/seeds/06_indicators.js';
import {
  bindingOf,
  contentFromEntry,
  libraryVersionOf,
  planImport,
  sameContent,
  type ExistingIndicator,
  type LibraryEntry,
  type LibraryFile,
} from './indicator-library.js';

function buildEntry(overrides: Partial<LibraryEntry> = {}): LibraryEntry {
  return {
    code: 'T-01',
    name: '测试指标',
    specialty: '测试',
    definition: '定义',
    numerator: '分子',
    denominator: '分母',
    unit: '%',
    direction: 'higher_better',
    formula: 'numerator / denominator * 100',
    variables: { numerator: '分子', denominator: '分母' },
    kind: 'rate',
    source: '来源',
    official_code: null,
    target: null,
    notes: null,
    uncertain: false,
    uncertain_fields: [],
    ...overrides,
  };
}

const fromLibrary = (e: LibraryEntry): ExistingIndicator => ({
  origin: 'national',
  currentOrigin: 'library',
  lastLibrary: contentFromEntry(e),
  current: contentFromEntry(e),
});

describe('library version', () => {
  it('is the generation date plus 12 hex of the canonical JSON’s SHA-256, blind to key order and indentation', () => {
    const file: LibraryFile = { meta: { generated: '2026-11-27' }, indicators: [buildEntry()] };
    const { libraryVersion, sha256 } = libraryVersionOf(file);
    expect(libraryVersion).toBe(`2026-11-27+${sha256.slice(0, 12)}`);
    const reordered = JSON.parse(JSON.stringify({ indicators: file.indicators, meta: file.meta }, null, 4)) as LibraryFile;
    expect(libraryVersionOf(reordered).sha256).toBe(sha256);
    const changed: LibraryFile = { ...file, indicators: [buildEntry({ notes: '改' })] };
    expect(libraryVersionOf(changed).sha256).not.toBe(sha256);
  });

  it('gives the bundled file a version dated by its meta', () => {
    expect(libraryVersionOf(bundledLibrary()).libraryVersion).toMatch(/^2026-11-27\+[0-9a-f]{12}$/);
  });
});

describe('planImport', () => {
  it('adds new codes, updates library-held codes that changed, counts the rest unchanged', () => {
    const a = buildEntry({ code: 'A-01' });
    const b = buildEntry({ code: 'B-01' });
    const existing = new Map([
      ['A-01', fromLibrary(a)],
      ['B-01', fromLibrary(b)],
    ]);
    const plan = planImport([a, { ...b, definition: '新定义' }, buildEntry({ code: 'C-01' })], existing);
    expect(plan.add.map((e) => e.code)).toEqual(['C-01']);
    expect(plan.update.map((e) => e.code)).toEqual(['B-01']);
    expect(plan.keptLocal).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it('keeps a local edit, and reports it only when the library changed since the edit’s base', () => {
    const base = buildEntry({ code: 'L-01' });
    const local: ExistingIndicator = {
      origin: 'national',
      currentOrigin: 'local',
      lastLibrary: contentFromEntry(base),
      current: { ...contentFromEntry(base), definition: '本地口径' },
    };
    const existing = new Map([['L-01', local]]);
    expect(planImport([base], existing)).toMatchObject({ add: [], update: [], keptLocal: [], unchanged: 1 });
    expect(planImport([{ ...base, notes: '国家库更新' }], existing)).toMatchObject({ add: [], update: [], keptLocal: ['L-01'], unchanged: 0 });
  });

  it('never lets the national file take over a custom indicator’s code', () => {
    const entry = buildEntry({ code: 'X-01' });
    const custom: ExistingIndicator = { origin: 'custom', currentOrigin: 'local', lastLibrary: null, current: contentFromEntry(entry) };
    expect(planImport([entry], new Map([['X-01', custom]]))).toMatchObject({ add: [], update: [], keptLocal: ['X-01'] });
  });

  it('compares JSON fields by meaning, not by key order', () => {
    const a = contentFromEntry(buildEntry({ variables: { numerator: '分子', denominator: '分母' } }));
    const b = contentFromEntry(buildEntry({ variables: { denominator: '分母', numerator: '分子' } }));
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, uncertainFields: ['source'] })).toBe(false);
  });
});

describe('binding', () => {
  it('is discharge for codes analytics computes from 病案首页, reported otherwise', () => {
    expect(bindingOf('HQ-02')).toBe('discharge');
    expect(bindingOf('MRQ-01')).toBe('reported');
  });
});
