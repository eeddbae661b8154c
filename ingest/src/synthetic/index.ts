/** Synthetic 住院病案首页 records: a seeded generator, file writers and the `gen:discharges` command. */
export { generateDischarges, DEFAULT_READMISSION_RATE, DEFAULT_SEED, type DischargeRow, type GenerateDischargesOptions } from './generator.js';
export {
  dischargeCsvChunks,
  writeDischargeFile,
  XLSX_MAX_RECORDS,
  type CsvOptions,
  type DischargeFileEncoding,
  type DischargeFileFormat,
  type WriteDischargeFileOptions,
  type WriteDischargeFileResult,
} from './writer.js';
export { parseGenDischargesArgs, runGenDischarges, lastTwelveMonths, type GenDischargesArgs } from './cli.js';
export { LIUZHOU_HOSPITALS, type SyntheticHospital } from './registry.js';
export { SYNTHETIC_FILE_COLUMNS, type FileColumn } from './columns.js';
export { idCheckDigit, isValidIdNumber } from './identity.js';
