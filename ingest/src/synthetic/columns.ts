/**
 * The columns of a synthetic discharge file: every column of the warehouse spec that has a Chinese
 * header, in spec order, with 姓名 and 身份证号 after 住院次数 as a HIS export would place them.
 */
import { DISCHARGE_COLUMNS, PERSONAL_HEADERS } from '@qc/warehouse';

export interface FileColumn {
  key: string;
  header: string;
  /** How the writer renders a value: numbers stay numbers in XLSX. */
  numeric: boolean;
}

function fileColumns(): FileColumn[] {
  const out: FileColumn[] = [];
  for (const c of DISCHARGE_COLUMNS) {
    if (c.header === undefined) continue;
    out.push({ key: c.key, header: c.header, numeric: c.type === 'int' || c.type === 'double' });
    if (c.key === 'admission_seq') {
      out.push({ key: 'patient_name', header: PERSONAL_HEADERS.patient_name, numeric: false });
      out.push({ key: 'id_card_no', header: PERSONAL_HEADERS.id_card_no, numeric: false });
    }
  }
  return out;
}

/** Columns of a generated file, in order; keys are those of shared/formats/discharge-record.md. */
export const SYNTHETIC_FILE_COLUMNS: readonly FileColumn[] = fileColumns();

export const SYNTHETIC_KEYS: readonly string[] = SYNTHETIC_FILE_COLUMNS.map((c) => c.key);
