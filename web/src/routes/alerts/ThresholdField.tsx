import { useState } from 'react';
import { NumberInput, TextInput } from '@mantine/core';
import type { AlertRule } from '../../api/alerts';
import { formatMoney, majorToMinor, minorDigits, minorToMajor } from '../../format';

type Spec = AlertRule['thresholdSpecs'][number];
type ThresholdKey = keyof AlertRule['thresholds'];

/** A threshold as the rules table shows it: floors in words, the revenue floor in the organization's money. */
export function thresholdPart(spec: Spec, value: unknown, currency: string | null): string {
  if (spec.key === 'minUtilizationPercent') return value ? `utilization floor ${String(value)} %` : 'no utilization floor';
  if (spec.key === 'minNetRevenueMinor') {
    if (!value) return 'no revenue floor';
    return currency ? `revenue floor ${formatMoney(Number(value), currency)}` : `revenue floor ${String(value)} minor units`;
  }
  return `${Array.isArray(value) ? value.join(', ') : ((value as number | undefined) ?? '—')} ${spec.label}`;
}

/** The net revenue floor typed in major units of `currency` (stored as exact minor units); null while the text is not an amount. */
function RevenueFloorInput(props: {
  spec: Spec;
  value: number | undefined;
  currency: string;
  onChange: (minor: number | null) => void;
}) {
  const { spec, currency } = props;
  const [text, setText] = useState(props.value ? minorToMajor(props.value, currency) : '0');
  const minor = majorToMinor(text, currency);
  const error =
    minor === null
      ? `An amount in ${currency} with at most ${minorDigits(currency)} decimals`
      : minor > spec.max
        ? `At most ${formatMoney(spec.max, currency)}`
        : undefined;
  return (
    <TextInput
      label="Net revenue floor"
      description={`Net revenue over the window below this is underperforming, in ${currency}; 0 = off. A site's floor is this times its chargers.`}
      leftSection={currency}
      leftSectionWidth={52}
      inputMode="decimal"
      value={text}
      error={error}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        props.onChange(majorToMinor(next, currency));
      }}
    />
  );
}

/** One threshold's input in the rule form; `onChange(null)` while what is typed is not valid. */
export function ThresholdField(props: {
  spec: Spec;
  thresholds: AlertRule['thresholds'];
  currency: string | null;
  onChange: (key: string, value: number | undefined | null) => void;
}) {
  const { spec, thresholds, currency, onChange } = props;
  const value = thresholds[spec.key as ThresholdKey] as number | undefined;
  if (spec.key === 'minNetRevenueMinor' && currency)
    return <RevenueFloorInput spec={spec} value={value} currency={currency} onChange={(minor) => onChange(spec.key, minor)} />;
  const special: Partial<Record<string, { label: string; description: string; suffix?: string }>> = {
    minUtilizationPercent: {
      label: 'Utilization floor',
      description: 'Charging less than this share of the window is underperforming; 0 = off (0–100 %).',
      suffix: ' %',
    },
    minNetRevenueMinor: {
      label: 'Net revenue floor (minor units)',
      description: "In minor units of each organization's own currency (cents: 500000 = 5,000.00); 0 = off.",
    },
  };
  const shown = special[spec.key];
  return (
    <NumberInput
      label={shown?.label ?? `Threshold: ${spec.label}`}
      description={shown?.description ?? `${spec.min}–${spec.max}`}
      suffix={shown?.suffix}
      min={spec.min}
      max={spec.max}
      allowDecimal={false}
      allowNegative={spec.min < 0}
      value={value ?? ''}
      onChange={(next) => onChange(spec.key, typeof next === 'number' ? next : undefined)}
    />
  );
}
