/** One CSV record and the file line it starts on (1-based; a quoted field may run over several lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A file that is not CSV at all: a quote opened and never closed. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An RFC 4180 reader, lenient where settlement reports are: a UTF-8 byte-order mark, CRLF, LF or CR
 * line ends, `""` inside quoted fields, line breaks inside quoted fields, and blank lines (trailing
 * ones included) skipped. A quote inside an unquoted field is kept as text. Comma-separated only.
 * No CSV package is a dependency of the server, and this is all a report needs.
 */
export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  /** The current field began with a quote (its text is what lies between the quotes). */
  let inQuotes = false;

  const endRecord = () => {
    fields.push(field);
    // A line with nothing on it (or only spaces) is no record.
    if (!(fields.length === 1 && fields[0]!.trim() === '' && !quoted)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quoted = false;
  };

  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n' || (c === '\r' && source[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === '' && !quoted) {
      // Spaces before an opening quote are dropped, as spreadsheets write `a, "b"`.
      field = '';
      inQuotes = true;
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      quoted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (!(quoted && (c === ' ' || c === '\t'))) {
      // After a closing quote only spaces may follow before the comma; other text is kept.
      field += c;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(quoteLine, `Line ${quoteLine}: a quoted field is never closed`);
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return records;
}
