import { Readable } from 'node:stream';
import { minorDigits } from '../../domain/currency.js';
import { METRICS, DIMENSIONS } from '../../domain/reports/catalogue.js';
import { csvCell } from '../transactions/export/csv.js';
import { scaledText } from '../transactions/export/columns.js';
import type { Report, ReportFigures } from './service.js';

const UNIT_SUFFIX = { count: '', wh: ' (kWh)', minor: '', seconds: ' (s)' } as const;

/** Money in major units of the row's currency, energy in kWh (3 decimals), the rest as integers: exact text. */
function figureText(report: Report, values: ReportFigures, currency: string | null): string[] {
  return report.plan.metrics.map((m) => {
    const value = values[m];
    if (value === null || value === undefined) return '';
    const unit = METRICS[m].unit;
    if (unit === 'wh') return scaledText(BigInt(value), 3);
    if (unit === 'minor') return scaledText(BigInt(value), minorDigits(currency ?? 'XXX'));
    return String(value);
  });
}

export function reportCsvHeader(report: Report): string[] {
  return [
    ...report.plan.dimensions.map((d) => DIMENSIONS[d].label),
    ...(report.plan.byCurrency ? ['Currency'] : []),
    ...report.plan.metrics.map((m) => `${METRICS[m].label}${UNIT_SUFFIX[METRICS[m].unit]}`),
  ];
}

function* lines(report: Report): Generator<string> {
  const { plan } = report;
  // Names are text (a leading = or - is neutralised against formula injection); figures are numbers.
  const line = (texts: string[], numbers: string[] = []) =>
    `${[...texts.map((c) => csvCell(c, 'text')), ...numbers.map((c) => csvCell(c, 'number'))].join(',')}\r\n`;
  const currencyCell = (currency: string | null) => (plan.byCurrency ? [currency ?? ''] : []);
  // A byte-order mark so spreadsheet programs read the file as UTF-8.
  yield `\uFEFF${line(reportCsvHeader(report))}`;
  for (const row of report.rows) {
    const names = [...plan.dimensions.map((d) => row.labels[d] ?? ''), ...currencyCell(row.currency)];
    yield line(names, figureText(report, row.values, row.currency));
  }
  // Without dimensions the one row is the total already.
  if (plan.dimensions.length === 0) return;
  for (const total of report.totals) {
    const label = plan.dimensions.map((_, i) => (i === 0 ? 'Total' : ''));
    yield line([...label, ...currencyCell(total.currency)], figureText(report, total.values, total.currency));
  }
}

/** The preview's rows, then its totals rows ("Total"), as a streamed RFC 4180 CSV. */
export function reportCsv(report: Report): Readable {
  return Readable.from(lines(report), { objectMode: false });
}

export function reportFilename(report: Report): string {
  return `report-${report.plan.period.from}-${report.plan.period.to}.csv`;
}
