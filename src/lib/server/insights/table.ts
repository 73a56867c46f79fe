/**
 * The insights tables: one definition per table (caption, typed columns, rows) that the
 * page renders as an HTML table and the export writes as CSV, so both always show the same
 * numbers. Cells hold raw values; the column kind decides how they are shown.
 */
import type { Lang } from '../../languages.ts';
import { formatDuration } from '../../duration.ts';

/**
 * How a column's values are shown: percent cells hold a share (0..1), hours cells
 * milliseconds, duration cells seconds (shown as m:ss, exported as whole seconds).
 */
export type ColumnKind = 'text' | 'int' | 'decimal' | 'percent' | 'hours' | 'duration' | 'date';

/** A cell: a value, or a link with its text. */
export type Cell = string | number | null | { text: string; href?: string; lang?: Lang };

/** A column: its heading and kind. */
export interface InsightColumn {
  label: string;
  kind: ColumnKind;
}

/** A table of figures. */
export interface InsightTable {
  /** Used in the CSV export's URL (`?table=`) and as the HTML id. */
  id: string;
  caption: string;
  columns: InsightColumn[];
  rows: Cell[][];
}

const HOUR_MS = 3_600_000;

/**
 * Number formats per language: one decimal, and whole numbers as `toLocaleString` writes
 * them. Made once (`toLocaleString` builds a new Intl.NumberFormat on every call, and a year's
 * page formats about 10,000 cells); the text is the same.
 */
const FORMATS = {
  de: { one: new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }), plain: new Intl.NumberFormat('de-DE') },
  en: { one: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }), plain: new Intl.NumberFormat('en-GB') },
} satisfies Record<Lang, { one: Intl.NumberFormat; plain: Intl.NumberFormat }>;

/** The text of a cell for the page. */
export function formatCell(cell: Cell, kind: ColumnKind, lang: Lang): string {
  if (cell === null) return '–';
  if (typeof cell === 'object') return cell.text;
  if (typeof cell === 'string') return cell;
  const format = FORMATS[lang === 'de' ? 'de' : 'en'];
  if (kind === 'percent') return `${format.one.format(cell * 100)} %`;
  if (kind === 'hours') return `${format.one.format(cell / HOUR_MS)} h`;
  if (kind === 'decimal') return format.one.format(cell);
  if (kind === 'duration') return formatDuration(cell);
  return format.plain.format(cell);
}

/** A cell's value for CSV: percent as 0–100 with one decimal, hours with one decimal, links as their text. */
export function csvValue(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return cell.text;
  if (typeof cell === 'string') return cell;
  if (kind === 'percent') return (Math.round(cell * 1000) / 10).toFixed(1);
  if (kind === 'hours') return (Math.round((cell / HOUR_MS) * 10) / 10).toFixed(1);
  if (kind === 'decimal') return (Math.round(cell * 10) / 10).toFixed(1);
  if (kind === 'duration') return String(Math.round(cell));
  return String(cell);
}

/**
 * One CSV field: text that a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or carriage return) gets a leading apostrophe; fields with a comma, quote or line
 * break are quoted, quotes doubled.
 */
export function csvField(value: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The table as CSV (RFC 4180, CRLF line ends, with a byte-order mark so that spreadsheets read UTF-8). */
export function toCsv(table: InsightTable): string {
  // Durations are exported in seconds; the heading says so.
  const lines = [table.columns.map((column) => csvField(column.kind === 'duration' ? `${column.label} (s)` : column.label, true)).join(',')];
  for (const row of table.rows) {
    lines.push(
      row
        .map((cell, i) => {
          const kind = table.columns[i]?.kind ?? 'text';
          return csvField(csvValue(cell, kind), typeof cell === 'string' || (cell !== null && typeof cell === 'object'));
        })
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
