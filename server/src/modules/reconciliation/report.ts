import { DateTime } from 'luxon';
import type { GatewayKind } from '../../db/schema/index.js';
import { isKnownCurrency } from '../../domain/currency.js';
import { type Minor, parseMinor } from '../../domain/finance/money.js';
import { AppError } from '../../errors.js';
import { CsvSyntaxError, readCsv } from './csv.js';

/** At most this many bytes of report (UTF-8): a month of one merchant's settlements is far less. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

/** One money-moving line of a settlement report. */
export interface ReportLine {
  /** 1 = the first data row (the header is row 0). */
  row: number;
  reference: string;
  /** Signed: a refund is negative (whether the file wrote it negative or named it a refund). */
  amountMinor: Minor;
  currency: string;
  /** The line's local day in the report's zone, when the file has a date column. */
  day: string | null;
}

export interface SettlementReport {
  lines: ReportLine[];
  /** Rows of a type that moves no money (authorizations, voids), left out of matching. */
  skippedRows: number;
  /** The first and last local day of the lines' dates; null when the file has none. */
  firstDay: string | null;
  lastDay: string | null;
}

type Field = 'reference' | 'amount' | 'amountMinor' | 'currency' | 'date' | 'type';

/** Header names after normalizing: lower case, runs of spaces, `_` and `-` as one space. */
const GENERIC: Partial<Record<Field, string[]>> = {
  reference: ['reference'],
  amount: ['amount'],
  currency: ['currency'],
  date: ['date'],
  type: ['type'],
};

/**
 * The column names each gateway's reports use (docs/payments.md#reconciliation), looked for in
 * this order before the generic `reference,amount,currency,date,type`.
 */
const COLUMNS: Record<GatewayKind, Partial<Record<Field, string[]>>> = {
  // CyberSource Payment Batch Detail (and the Transaction Detail report).
  cybersource: {
    reference: ['request id', 'requestid', 'transaction request id'],
    amount: ['amount', 'transaction amount'],
    currency: ['currency', 'currency code'],
    date: ['transaction date', 'batch date', 'request date', 'date'],
    type: ['application', 'applications', 'transaction type', 'type'],
  },
  // Mastercard Payment Gateway Services transaction reports: the MPGS transaction id is our reference.
  amex: {
    reference: ['transaction id', 'order id'],
    amount: ['amount', 'transaction amount'],
    currency: ['currency', 'transaction currency'],
    date: ['date', 'transaction date', 'settlement date'],
    type: ['transaction type', 'type', 'api operation'],
  },
  // Dialog fuel card statement (our assumed contract: amounts in minor units like its API).
  dialog_fuel_card: {
    reference: ['transaction id', 'id'],
    amountMinor: ['amount minor'],
    amount: ['amount'],
    currency: ['currency'],
    date: ['date', 'transaction date'],
    type: ['kind', 'type'],
  },
  manual: {},
};

const normalizeHeader = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** What a report line of this type does: `refund`, `none` (holds, voids: no money moved) or `charge`. */
function classifyType(type: string): 'refund' | 'none' | 'charge' {
  const t = type.trim().toLowerCase();
  if (t === '') return 'charge';
  if (/refund|credit/.test(t)) return 'refund';
  if (/bill|capture|sale|pay|top.?up|settle|debit/.test(t)) return 'charge';
  if (/auth|void|reversal|hold|release|verif/.test(t)) return 'none';
  return 'charge';
}

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError('RECONCILIATION_FILE_INVALID', message, details);

/** A cell as it may be quoted back in a message: its start only. */
const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

const MAJOR_AMOUNT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
const MINOR_AMOUNT = /^[+-]?\d{1,18}$/;

/**
 * A major-unit amount ("1,234.50", "-12.5", "(12.50)") as exact minor units of `currency`: never
 * through a float. More decimals than the currency has is an error, not a rounding.
 */
function parseMajor(text: string, currency: string): Minor | null {
  const accounting = /^\((.*)\)$/.exec(text);
  const body = accounting ? `-${accounting[1]}` : text;
  const match = MAJOR_AMOUNT.exec(body);
  if (!match) return null;
  const [, sign, whole, fraction] = match;
  const decimal = `${sign === '-' ? '-' : ''}${whole!.replace(/,/g, '')}${fraction ? `.${fraction}` : ''}`;
  try {
    return parseMinor(decimal, currency);
  } catch {
    return null;
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report date as the local day it falls on in `zone`: `2026-03-10`, `2026-03-10 14:05:00`,
 * `2026-03-10T14:05:00Z`, `…+05:30`, `… UTC` / `… GMT`. A time without offset is in `zone`.
 */
function localDay(text: string, zone: string): string | null {
  const value = text.trim();
  if (DATE_ONLY.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    return day.isValid ? value : null;
  }
  const iso = value.replace(/\s+(UTC|GMT)$/i, 'Z').replace(/^(\d{4}-\d{2}-\d{2})\s+/, '$1T');
  const at = DateTime.fromISO(iso, { zone, setZone: false });
  return at.isValid ? at.setZone(zone).toISODate() : null;
}

export interface ReportOptions {
  gateway: GatewayKind;
  /** The zone the report's local days are in: the organization's. */
  zone: string;
  /** Used when the file has no currency column (the organization's); null makes the column required. */
  defaultCurrency: string | null;
}

/**
 * Reads a settlement report: a header row, then one line per settled transaction. Column names are
 * matched case-insensitively per gateway, falling back to the generic ones. Every problem is a 422
 * RECONCILIATION_FILE_INVALID naming the file line and the column.
 */
export function parseSettlementReport(text: string, options: ReportOptions): SettlementReport {
  let records;
  try {
    records = readCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw invalid(error.message, { line: error.line });
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('The file is empty: it needs a header row and at least one line', { line: 1 });

  const names = header.fields.map(normalizeHeader);
  const wanted = COLUMNS[options.gateway];
  const columnOf = (field: Field): number | null => {
    for (const name of [...(wanted[field] ?? []), ...(GENERIC[field] ?? [])]) {
      const index = names.indexOf(name);
      if (index >= 0) return index;
    }
    return null;
  };
  const referenceAt = columnOf('reference');
  const amountMinorAt = columnOf('amountMinor');
  const amountAt = amountMinorAt === null ? columnOf('amount') : null;
  const currencyAt = columnOf('currency');
  const dateAt = columnOf('date');
  const typeAt = columnOf('type');
  const expected = (...fields: Field[]) =>
    [...new Set(fields.flatMap((field) => [...(wanted[field] ?? []), ...(GENERIC[field] ?? [])]))]
      .map((n) => `"${n}"`)
      .join(', ');
  if (referenceAt === null)
    throw invalid(`Line ${header.line}: no reference column; the header needs one of ${expected('reference')}`, {
      line: header.line,
      column: 'reference',
    });
  if (amountAt === null && amountMinorAt === null)
    throw invalid(`Line ${header.line}: no amount column; the header needs one of ${expected('amountMinor', 'amount')}`, {
      line: header.line,
      column: 'amount',
    });
  if (currencyAt === null && options.defaultCurrency === null)
    throw invalid(
      `Line ${header.line}: no currency column; the header needs one of ${expected('currency')}, or choose an organization`,
      { line: header.line, column: 'currency' },
    );

  const lines: ReportLine[] = [];
  let skippedRows = 0;
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  rows.forEach((record, index) => {
    const row = index + 1;
    const cell = (at: number | null) => (at === null ? '' : (record.fields[at] ?? '').trim());
    const columnName = (at: number) => header.fields[at]!.trim();
    const fail = (at: number, problem: string) =>
      invalid(`Line ${record.line}, column "${columnName(at)}": ${problem}`, {
        line: record.line,
        row,
        column: columnName(at),
      });

    const kind = classifyType(cell(typeAt));
    if (kind === 'none') {
      skippedRows++;
      return;
    }
    const reference = cell(referenceAt);
    if (reference === '') throw fail(referenceAt, 'the reference is empty');

    const currency = currencyAt === null ? options.defaultCurrency! : cell(currencyAt).toUpperCase();
    if (!isKnownCurrency(currency)) throw fail(currencyAt!, `${shown(cell(currencyAt))} is not an ISO 4217 currency`);

    let amount: Minor | null;
    if (amountMinorAt !== null) {
      const text = cell(amountMinorAt);
      amount = MINOR_AMOUNT.test(text) ? BigInt(text) : null;
      if (amount === null) throw fail(amountMinorAt, `${shown(text)} is not a whole number of minor units`);
    } else {
      const text = cell(amountAt);
      amount = parseMajor(text, currency);
      if (amount === null)
        throw fail(
          amountAt!,
          `${shown(text)} is not an amount in ${currency} (digits, a decimal point, at most the currency's decimals)`,
        );
    }
    if (kind === 'refund' && amount > 0n) amount = -amount;

    let day: string | null = null;
    const dateText = cell(dateAt);
    if (dateText !== '') {
      day = localDay(dateText, options.zone);
      if (day === null) throw fail(dateAt!, `${shown(dateText)} is not a date (YYYY-MM-DD, optionally with a time)`);
      if (firstDay === null || day < firstDay) firstDay = day;
      if (lastDay === null || day > lastDay) lastDay = day;
    }
    lines.push({ row, reference, amountMinor: amount, currency, day });
  });
  return { lines, skippedRows, firstDay, lastDay };
}
