import { Group, MultiSelect, NumberInput, Select } from '@mantine/core';
import type { ReportCatalogue } from '../../api/reports';
import { LocalDayRange, dayRangeError } from '../../components/LocalDayRange';

export const PERIOD_LABELS: Record<string, string> = {
  last7Days: 'Last 7 days',
  last30Days: 'Last 30 days',
  lastMonth: 'Last month',
  thisMonth: 'This month',
  thisYear: 'This year',
  fixed: 'Fixed dates',
};

export interface BuilderValues {
  dimensions: string[];
  metrics: string[];
  period: string;
  from: string;
  to: string;
  siteId: string | null;
  status: string | null;
  limit: number | '';
}

export const INITIAL_BUILDER: BuilderValues = {
  dimensions: ['site'],
  metrics: ['sessions', 'energyWh', 'gross'],
  period: 'last30Days',
  from: '',
  to: '',
  siteId: null,
  status: null,
  limit: '',
};

export const builderError = (v: BuilderValues): string | null =>
  v.metrics.length === 0
    ? 'Choose at least one metric'
    : v.period === 'fixed' && (!v.from || !v.to)
      ? 'Choose both dates'
      : dayRangeError(v);

/** The report's choices: what to group by, what to add up, when, and which sessions. */
export function ReportBuilder({
  catalogue,
  values,
  onChange,
  siteOptions,
}: {
  catalogue: ReportCatalogue;
  values: BuilderValues;
  onChange: (change: Partial<BuilderValues>) => void;
  siteOptions: { value: string; label: string }[];
}) {
  return (
    <Group align="flex-start" gap="sm">
      <MultiSelect
        label="Group by"
        description={`up to ${catalogue.maxDimensions}`}
        w={260}
        data={catalogue.dimensions.map((d) => ({ value: d.key, label: d.label }))}
        value={values.dimensions}
        maxValues={catalogue.maxDimensions}
        searchable
        onChange={(dimensions) => onChange({ dimensions })}
      />
      <MultiSelect
        label="Metrics"
        description="the first one is charted"
        searchable
        w={320}
        data={catalogue.metrics.map((m) => ({ value: m.key, label: m.label }))}
        value={values.metrics}
        onChange={(metrics) => onChange({ metrics })}
      />
      <Select
        label="Period"
        description="organization's time zone"
        w={180}
        allowDeselect={false}
        data={[...catalogue.periods, 'fixed'].map((p) => ({ value: p, label: PERIOD_LABELS[p] ?? p }))}
        value={values.period}
        onChange={(period) => onChange({ period: period ?? 'last30Days' })}
      />
      {values.period === 'fixed' && <LocalDayRange value={values} onChange={onChange} />}
      <Select
        label="Site"
        placeholder="All sites"
        w={180}
        clearable
        searchable
        data={siteOptions}
        value={values.siteId}
        onChange={(siteId) => onChange({ siteId })}
      />
      <Select
        label="Status"
        placeholder="Any"
        w={130}
        clearable
        data={[
          { value: 'completed', label: 'Completed' },
          { value: 'active', label: 'Charging' },
          { value: 'flagged', label: 'Flagged' },
        ]}
        value={values.status}
        onChange={(status) => onChange({ status })}
      />
      <NumberInput
        label="Top N rows"
        placeholder="1000"
        w={110}
        min={1}
        max={10000}
        value={values.limit}
        onChange={(limit) => onChange({ limit: typeof limit === 'number' ? limit : '' })}
      />
    </Group>
  );
}
