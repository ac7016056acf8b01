import { IANAZone } from 'luxon';

/** Offsets change only on quarter-hour instants, so one lookup per zone and quarter hour is enough. */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 200_000;

const zones = new Map<string, { zone: IANAZone; offsets: Map<number, number> }>();

function offsetMinutes(timeZone: string, ms: number): number {
  let entry = zones.get(timeZone);
  if (!entry) {
    entry = { zone: IANAZone.create(timeZone), offsets: new Map() };
    zones.set(timeZone, entry);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = entry.offsets.get(bucket);
  if (offset === undefined) {
    offset = entry.zone.isValid ? entry.zone.offset(ms) : 0;
    if (entry.offsets.size >= MAX_CACHED) entry.offsets.clear();
    entry.offsets.set(bucket, offset);
  }
  return offset;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "+05:30", "-04:00", "+00:00". */
function offsetText(offset: number): string {
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An instant as the wall clock of `timeZone` with its offset: "2026-11-20T17:50:00+05:30". Export
 * formats millions of these, so it caches offsets instead of building a luxon DateTime per row.
 */
export function localIso(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  const offset = offsetMinutes(timeZone, ms);
  return `${new Date(ms + offset * 60_000).toISOString().slice(0, 19)}${offsetText(offset)}`;
}

const MS_PER_DAY = 86_400_000;
/** Days from Excel's day 0 (1899-12-30, 1900 date system) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25_569;

/**
 * An instant as an Excel date serial of the wall clock in `timeZone` (Excel dates have no zone),
 * with the offset that wall clock had, for the cell's number format.
 */
export function localSerial(instant: Date, timeZone: string): { serial: number; offset: string } {
  const ms = instant.getTime();
  const offset = offsetMinutes(timeZone, ms);
  return { serial: (ms + offset * 60_000) / MS_PER_DAY + UNIX_EPOCH_SERIAL, offset: offsetText(offset) };
}
