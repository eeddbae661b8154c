import { DISCHARGE_COLUMNS, PERSONAL_HEADERS } from '@qc/ingest';

/** The upload template: the Chinese headers of the 病案首页 format, and a sheet explaining each column. */
export async function templateWorkbook(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const fileColumns = DISCHARGE_COLUMNS.filter((c) => c.header);
  const wb = new ExcelJS.Workbook();
  wb.creator = '柳州市医疗质控中心管理平台';
  const data = wb.addWorksheet('病案首页');
  const headers = [...fileColumns.map((c) => c.header!), PERSONAL_HEADERS.patient_name, PERSONAL_HEADERS.id_card_no];
  data.addRow(headers);
  data.getRow(1).font = { bold: true };
  data.views = [{ state: 'frozen', ySplit: 1 }];
  headers.forEach((_, i) => (data.getColumn(i + 1).width = 16));
  const help = wb.addWorksheet('字段说明');
  help.columns = [
    { header: '列名', key: 'header', width: 34 },
    { header: '字段', key: 'key', width: 24 },
    { header: '必填', key: 'required', width: 8 },
    { header: '类型', key: 'type', width: 12 },
  ];
  const typeLabel: Record<string, string> = { string: '文本/代码', int: '整数', double: '数值', date: '日期 YYYY-MM-DD', timestamp: '时间 YYYY-MM-DD HH:mm' };
  for (const c of fileColumns) help.addRow({ header: c.header, key: c.key, required: c.required ? '是' : '', type: typeLabel[c.type] ?? c.type });
  help.addRow({ header: PERSONAL_HEADERS.patient_name, key: 'patient_name', required: '', type: '文本（只用于生成患者关联码，不入库）' });
  help.addRow({ header: PERSONAL_HEADERS.id_card_no, key: 'id_card_no', required: '', type: '文本（只用于生成患者关联码，不入库）' });
  help.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
