import { TextInput } from '@mantine/core';

export interface DayRange {
  /** YYYY-MM-DD, or '' for open. */
  from: string;
  to: string;
}

/** A range of local days is wrong only when both ends are given and "To" comes first. */
export const dayRangeError = ({ from, to }: DayRange) => (from && to && from > to ? '"To" must be on or after "From"' : null);

/** "From" and "To" of a list filter: local days of the organization's clock, both inclusive. */
export function LocalDayRange({ value, onChange }: { value: DayRange; onChange: (change: Partial<DayRange>) => void }) {
  return (
    <>
      <TextInput
        label="From"
        type="date"
        w={145}
        value={value.from}
        onChange={(e) => onChange({ from: e.currentTarget.value })}
        description="local day, inclusive"
      />
      <TextInput
        label="To"
        type="date"
        w={145}
        value={value.to}
        onChange={(e) => onChange({ to: e.currentTarget.value })}
        error={dayRangeError(value)}
        description="local day, inclusive"
      />
    </>
  );
}
