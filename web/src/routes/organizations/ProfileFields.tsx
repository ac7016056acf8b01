import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { Organization, OrganizationSettings } from '../../api/types';
import { useOrganizations } from '../../components/organization-scope';
import { CURRENCIES, TIME_ZONES, orNull } from './options';

export interface ProfileValues {
  name: string;
  parentId: string | null;
  currency: string;
  timeZone: string;
  addressLine: string;
  city: string;
  country: string;
  taxId: string;
  contactEmail: string;
}

export function profileValuesOf(org?: Organization): ProfileValues {
  return {
    name: org?.name ?? '',
    parentId: org?.parentId ?? null,
    currency: org?.currency ?? '',
    timeZone: org?.timeZone ?? '',
    addressLine: org?.addressLine ?? '',
    city: org?.city ?? '',
    country: org?.country ?? '',
    taxId: org?.taxId ?? '',
    contactEmail: org?.contactEmail ?? '',
  };
}

export function profilePayload(values: ProfileValues): Pick<OrganizationSettings, keyof ProfileValues> {
  return {
    name: values.name.trim(),
    parentId: values.parentId,
    currency: values.currency,
    timeZone: values.timeZone,
    addressLine: orNull(values.addressLine),
    city: orNull(values.city),
    country: orNull(values.country)?.toUpperCase() ?? null,
    taxId: orNull(values.taxId),
    contactEmail: orNull(values.contactEmail),
  };
}

export const profileValidation = {
  name: (v: string) => (v.trim() ? null : 'Enter a name'),
  currency: (v: string) => (/^[A-Z]{3}$/.test(v) ? null : 'Choose a currency'),
  timeZone: (v: string) => (v ? null : 'Choose a time zone'),
  country: (v: string) => (v.trim() === '' || /^[A-Za-z]{2}$/.test(v.trim()) ? null : 'Two-letter ISO country code, e.g. LK'),
  contactEmail: (v: string) => (v.trim() === '' || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Enter a valid email address'),
};

export function ProfileFields({
  form,
  selfId,
  readOnly,
}: {
  form: UseFormReturnType<ProfileValues>;
  selfId?: string;
  readOnly?: boolean;
}) {
  const { organizations } = useOrganizations();
  const parents = organizations.filter((o) => o.id !== selfId).map((o) => ({ value: o.id, label: o.name }));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label="Name" required readOnly={readOnly} {...form.getInputProps('name')} />
      <Select
        label="Parent organization"
        placeholder="None (top level)"
        data={parents}
        clearable
        searchable
        readOnly={readOnly}
        {...form.getInputProps('parentId')}
      />
      <TextInput label="Address" readOnly={readOnly} {...form.getInputProps('addressLine')} />
      <TextInput label="City" readOnly={readOnly} {...form.getInputProps('city')} />
      <TextInput
        label="Country"
        description="ISO 3166 two-letter code"
        maxLength={2}
        readOnly={readOnly}
        {...form.getInputProps('country')}
      />
      <TextInput label="Contact email" type="email" readOnly={readOnly} {...form.getInputProps('contactEmail')} />
      <TextInput label="Tax ID" readOnly={readOnly} {...form.getInputProps('taxId')} />
      <Select label="Currency" required data={CURRENCIES} searchable readOnly={readOnly} {...form.getInputProps('currency')} />
      <Select
        label="Time zone"
        required
        data={TIME_ZONES}
        searchable
        readOnly={readOnly}
        limit={200}
        {...form.getInputProps('timeZone')}
      />
    </SimpleGrid>
  );
}
