import { describe, expect, it } from 'vitest';
import { clockFormatter, formatDateTime, formatDateTimeMs, zoneName } from './format';

const at = '2026-11-21T15:11:05.042Z';

describe('times always name their zone', () => {
  it('shows a session start on the organization clock with the zone', () => {
    expect(formatDateTime(at, 'Asia/Colombo', 'en-US')).toBe('Nov 21, 2026, 8:41 PM GMT+5:30');
    expect(formatDateTime(at, 'Europe/Berlin', 'en-US')).toBe('Nov 21, 2026, 4:11 PM GMT+1');
  });

  it('names the zone even when it falls back to the browser clock', () => {
    expect(formatDateTime(at, undefined, 'en-US')).toMatch(/(GMT|UTC)/);
  });

  it('shows the message log to the millisecond', () => {
    expect(formatDateTimeMs(at, 'Asia/Colombo', 'en-US')).toBe('Nov 21, 2026, 8:41:05.042 PM GMT+5:30');
  });

  it('gives chart axes a 24-hour clock in the zone and the name of the zone', () => {
    expect(clockFormatter('Asia/Colombo')(Date.parse(at))).toBe('20:41');
    expect(clockFormatter('Asia/Colombo', true)(Date.parse(at))).toBe('20:41:05');
    expect(zoneName('Asia/Colombo', Date.parse(at), 'en-US')).toBe('GMT+5:30');
  });

  it('shows nothing known as a dash and an unreadable time as given', () => {
    expect(formatDateTime(null, 'UTC')).toBe('—');
    expect(formatDateTimeMs('yesterday', 'UTC')).toBe('yesterday');
  });
});
