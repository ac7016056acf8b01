import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createSite, updateSite } from '../../api/sites';
import type { Site } from '../../api/types';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations } from '../../components/organization-scope';
import { TIME_ZONES, orNull } from '../organizations/options';

interface SiteValues {
  organizationId: string | null;
  name: string;
  addressLine: string;
  city: string;
  country: string;
  latitude: string;
  longitude: string;
  timeZone: string | null;
  gridLimitKw: string;
}

const valuesOf = (site: Site | null, organizationId: string | null): SiteValues => ({
  organizationId: site?.organizationId ?? organizationId,
  name: site?.name ?? '',
  addressLine: site?.addressLine ?? '',
  city: site?.city ?? '',
  country: site?.country ?? '',
  latitude: site?.latitude ?? '',
  longitude: site?.longitude ?? '',
  timeZone: site?.timeZone ?? null,
  gridLimitKw: site?.gridLimitKw ?? '',
});

function coordinateError(value: string, limit: number): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (!/^-?\d{1,3}(\.\d{1,6})?$/.test(v)) return 'Decimal degrees with at most 6 decimals, e.g. 6.927079';
  return Math.abs(Number(v)) <= limit ? null : `Between -${limit} and ${limit}`;
}

export function SiteForm({
  site,
  defaultOrganizationId,
  onClose,
  onSaved,
}: {
  site: Site | null;
  defaultOrganizationId: string | null;
  onClose: () => void;
  onSaved: (site: Site) => void;
}) {
  const { organizations, byId } = useOrganizations();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<SiteValues>({
    initialValues: valuesOf(site, defaultOrganizationId),
    validate: {
      organizationId: (v) => (v ? null : 'Choose the organization'),
      name: (v) => (v.trim() ? null : 'Enter a name'),
      country: (v) => (v.trim() === '' || /^[A-Za-z]{2}$/.test(v.trim()) ? null : 'Two-letter ISO country code, e.g. LK'),
      latitude: (v) => coordinateError(v, 90),
      longitude: (v) => coordinateError(v, 180),
      gridLimitKw: (v) =>
        v.trim() === '' || /^\d{1,9}(\.\d{1,3})?$/.test(v.trim()) ? null : 'kW, at least 0, at most 3 decimals',
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    const fields = {
      name: values.name.trim(),
      addressLine: orNull(values.addressLine),
      city: orNull(values.city),
      country: orNull(values.country)?.toUpperCase() ?? null,
      latitude: orNull(values.latitude),
      longitude: orNull(values.longitude),
      gridLimitKw: orNull(values.gridLimitKw),
      ...(values.timeZone ? { timeZone: values.timeZone } : {}),
    };
    try {
      const saved = site
        ? await updateSite(site.id, fields)
        : await createSite({ ...fields, organizationId: values.organizationId ?? '' });
      onSaved(saved);
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  const organizationTimeZone = form.values.organizationId ? byId.get(form.values.organizationId)?.timeZone : undefined;
  return (
    <Modal opened onClose={onClose} title={site ? `Edit site ${site.name}` : 'New site'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {site ? (
            <TextInput
              label="Organization"
              value={site.organizationName}
              readOnly
              description="A site stays with its organization"
            />
          ) : (
            <Select
              label="Organization"
              required
              searchable
              data={organizations.map((o) => ({ value: o.id, label: o.name }))}
              {...form.getInputProps('organizationId')}
            />
          )}
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Address" {...form.getInputProps('addressLine')} />
            <TextInput label="City" {...form.getInputProps('city')} />
            <TextInput label="Country" description="ISO two-letter code" maxLength={2} {...form.getInputProps('country')} />
            <Select
              label="Time zone"
              searchable
              clearable={!site}
              limit={200}
              data={TIME_ZONES}
              placeholder={organizationTimeZone ? `Organization's: ${organizationTimeZone}` : 'The organization’s time zone'}
              {...form.getInputProps('timeZone')}
            />
            <TextInput label="Latitude" inputMode="decimal" placeholder="6.927079" {...form.getInputProps('latitude')} />
            <TextInput label="Longitude" inputMode="decimal" placeholder="79.845306" {...form.getInputProps('longitude')} />
            <TextInput label="Grid limit (kW)" inputMode="decimal" {...form.getInputProps('gridLimitKw')} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {site ? 'Save site' : 'Create site'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
