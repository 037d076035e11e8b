/**
 * A workbook as plain tables of text, read from and written to XLSX.
 *
 * Reading uses `read-excel-file` (maintained, already the project's independent XLSX reader) with
 * trimming off, so text comes back exactly as typed. Writing reuses the export's XLSX writer
 * (`src/server/exports/formats.ts`: inline strings, never formulas) and fflate for the ZIP.
 */
import readExcelFile from 'read-excel-file/node';
import { strToU8, zipSync } from 'fflate';
import { xlsxPackageParts, xlsxTable, type Cell } from '../../exports/formats';

/** One sheet: `rows[0]` is the header row (spreadsheet row 1). Every cell is text; empty is ''. */
export interface Sheet {
  readonly name: string;
  readonly rows: readonly (readonly string[])[];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** Thrown when the bytes are not a spreadsheet at all. */
export class NotASpreadsheetError extends Error {
  constructor(cause: unknown) {
    super(`not an XLSX spreadsheet: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'NotASpreadsheetError';
  }
}

export async function readWorkbook(bytes: Uint8Array): Promise<Sheet[]> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readExcelFile(Buffer.from(bytes), { trim: false })) as { sheet: string; data: unknown[][] }[];
  } catch (error) {
    throw new NotASpreadsheetError(error);
  }
  return sheets.map(({ sheet, data }) => ({ name: sheet, rows: data.map((row) => row.map(cellText)) }));
}

/** Wider columns for texts, wrapped, so a coordinator can read the labels without resizing. */
function widthOf(header: string): number {
  if (/^(label|hint|reason|constraint_message|form_title)/.test(header)) return 40;
  if (/^(relevant|constraint)/.test(header)) return 30;
  return Math.min(30, Math.max(10, header.length + 2));
}

export function writeWorkbook(sheets: readonly Sheet[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const part of xlsxPackageParts(sheets.map((sheet) => sheet.name))) files[part.path] = strToU8(part.text);
  sheets.forEach((sheet, index) => {
    const [header = [], ...rows] = sheet.rows;
    const writer = xlsxTable({
      widths: header.map(widthOf),
      wrapColumns: header.flatMap((name, i) => (widthOf(name) === 40 ? [i] : [])),
    });
    let xml = writer.start(header);
    for (const row of rows) xml += writer.row(row.map((cell): Cell => (cell === '' ? null : cell)));
    xml += writer.end();
    files[`xl/worksheets/sheet${index + 1}.xml`] = strToU8(xml);
  });
  return zipSync(files, { level: 6 });
}
