import { useState } from 'react';
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { createCharger, updateCharger } from '../../api/chargers';
import type { Charger } from '../../api/types';
import { applyServerErrors } from '../../components/form-errors';
import { useSiteOptions } from '../../components/site-options';
import { useOrganizations } from '../../components/organization-scope';
import { ConnectorsEditor } from './ConnectorsEditor';
import { type ChargerValues, chargerValidation, chargerValuesOf, editablePayload } from './charger-form-values';

export interface ChargerFormProps {
  /** null: register a new charger */
  charger: Charger | null;
  defaultOrganizationId: string | null;
  onSaved: (charger: Charger) => void;
  onCancel: () => void;
}

export function ChargerForm({ charger, defaultOrganizationId, onSaved, onCancel }: ChargerFormProps) {
  const { organizations } = useOrganizations();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<ChargerValues>({
    initialValues: chargerValuesOf(charger, defaultOrganizationId),
    validate: chargerValidation,
  });
  const organizationId = form.values.organizationId;
  const sites = useSiteOptions(organizationId);

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const saved = charger
        ? await updateCharger(charger.id, editablePayload(values))
        : await createCharger({
            ...editablePayload(values),
            organizationId: values.organizationId ?? '',
            ocppIdentity: values.ocppIdentity.trim(),
          });
      onSaved(saved);
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Paper withBorder p="lg" maw={960}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="OCPP identity"
              required
              readOnly={Boolean(charger)}
              description={charger ? 'Fixed once registered' : 'The last part of the charger’s WebSocket URL'}
              {...form.getInputProps('ocppIdentity')}
            />
            <TextInput label="Name" required {...form.getInputProps('name')} />
            {charger ? (
              <TextInput
                label="Organization"
                value={charger.organizationName}
                readOnly
                description="A charger stays with its organization"
              />
            ) : (
              <Select
                label="Organization"
                required
                searchable
                data={organizations.map((o) => ({ value: o.id, label: o.name }))}
                {...form.getInputProps('organizationId')}
                onChange={(value) => {
                  form.setFieldValue('organizationId', value);
                  form.setFieldValue('siteId', null);
                }}
              />
            )}
            <Select
              label="Site"
              required
              searchable
              disabled={!organizationId}
              placeholder={
                organizationId ? (sites.isLoading ? 'Loading sites…' : 'Choose a site') : 'Choose the organization first'
              }
              data={sites.options}
              nothingFoundMessage="This organization has no sites yet"
              {...form.getInputProps('siteId')}
            />
            <TextInput label="Vendor" {...form.getInputProps('vendor')} />
            <TextInput label="Model" {...form.getInputProps('model')} />
            <TextInput label="Serial number" {...form.getInputProps('serialNumber')} />
            <TextInput label="Firmware version" {...form.getInputProps('firmwareVersion')} />
          </SimpleGrid>
          <ConnectorsEditor form={form} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {charger ? 'Save charger' : 'Register charger'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
