import { Group, Select, TextInput } from '@mantine/core';
import { GATEWAY_WORDS, type PaymentFilter, STATUS_WORDS, TYPE_WORDS } from '../../api/payments';
import { ListSearch } from '../../components/ListSearch';
import { LocalDayRange } from '../../components/LocalDayRange';
import type { ListState } from '../../components/list-state';
import { OrganizationFilter } from '../../components/OrganizationFilter';

export interface PaymentFilterValues {
  gateway: PaymentFilter['gateway'] | null;
  type: PaymentFilter['type'] | null;
  status: PaymentFilter['status'] | null;
  from: string;
  to: string;
  /** In major units, as typed. */
  minAmount: string;
  maxAmount: string;
}

export const EMPTY_PAYMENT_FILTERS: PaymentFilterValues = {
  gateway: null,
  type: null,
  status: null,
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
};

const options = <K extends string>(words: Record<K, string>) =>
  (Object.keys(words) as K[]).map((value) => ({ value, label: words[value] }));

interface Props {
  values: PaymentFilterValues;
  onChange: (values: PaymentFilterValues) => void;
  list: ListState;
  /** The currency whose decimals the amounts are typed in; null when the organizations in view differ in decimals. */
  amountCurrency: { currency: string; hint: string } | null;
  amountError: string | null;
}

/** Reference search, organization (shared with the header switcher), gateway, type, status, local days and amounts. */
export function PaymentFilters({ values, onChange, list, amountCurrency, amountError }: Props) {
  const set = (patch: Partial<PaymentFilterValues>) => {
    onChange({ ...values, ...patch });
    list.resetPage();
  };
  const amountHint = amountCurrency?.hint ?? 'choose an organization first';
  return (
    <Group align="flex-start" gap="sm">
      <ListSearch list={list} placeholder="Gateway reference" width={200} />
      <OrganizationFilter />
      <Select
        label="Gateway"
        w={170}
        clearable
        placeholder="All gateways"
        data={options(GATEWAY_WORDS)}
        value={values.gateway}
        onChange={(gateway) => set({ gateway: (gateway as PaymentFilterValues['gateway']) ?? null })}
      />
      <Select
        label="Type"
        w={160}
        clearable
        placeholder="Any type"
        data={options(TYPE_WORDS)}
        value={values.type}
        onChange={(type) => set({ type: (type as PaymentFilterValues['type']) ?? null })}
      />
      <Select
        label="Status"
        w={150}
        clearable
        placeholder="Any status"
        data={options(STATUS_WORDS)}
        value={values.status}
        onChange={(status) => set({ status: (status as PaymentFilterValues['status']) ?? null })}
      />
      <LocalDayRange value={values} onChange={set} />
      <TextInput
        label="Smallest amount"
        w={140}
        inputMode="decimal"
        placeholder="Any"
        disabled={!amountCurrency}
        value={values.minAmount}
        onChange={(e) => set({ minAmount: e.currentTarget.value })}
        description={amountHint}
        error={amountError}
      />
      <TextInput
        label="Largest amount"
        w={140}
        inputMode="decimal"
        placeholder="Any"
        disabled={!amountCurrency}
        value={values.maxAmount}
        onChange={(e) => set({ maxAmount: e.currentTarget.value })}
        description={amountHint}
      />
    </Group>
  );
}
