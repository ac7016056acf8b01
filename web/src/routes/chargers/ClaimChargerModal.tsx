import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type UnclaimedCharger, claimUnclaimed } from '../../api/chargers';
import { applyServerErrors } from '../../components/form-errors';
import { useSiteOptions } from '../../components/site-options';
import { useOrganizations } from '../../components/organization-scope';
import { PasswordField } from '../../components/PasswordField';
import { MAX_OCPP_PASSWORD, MIN_OCPP_PASSWORD, generatedOcppPassword } from './ocpp-password';

interface ClaimValues {
  organizationId: string | null;
  siteId: string | null;
  name: string;
  ocppPassword: string;
}

/** Claim an unknown charger into an organization and site; it is Accepted at its next boot. */
export function ClaimChargerModal({
  charger,
  onClose,
  onClaimed,
}: {
  charger: UnclaimedCharger;
  onClose: () => void;
  onClaimed: (claimed: { id: string; name: string }) => void;
}) {
  const { organizations } = useOrganizations();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<ClaimValues>({
    initialValues: { organizationId: null, siteId: null, name: charger.ocppIdentity, ocppPassword: '' },
    validate: {
      organizationId: (v) => (v ? null : 'Choose the organization that owns the charger'),
      siteId: (v) => (v ? null : 'Choose the site where it stands'),
      name: (v) => (v.trim() ? null : 'Give the charger a name'),
      ocppPassword: (v) =>
        v === '' && !charger.presentedPassword
          ? 'The charger presented no password: give it one, and set the same on the charger'
          : v === '' || (v.length >= MIN_OCPP_PASSWORD && v.length <= MAX_OCPP_PASSWORD)
            ? null
            : `${MIN_OCPP_PASSWORD} to ${MAX_OCPP_PASSWORD} characters`,
    },
  });
  const organizationId = form.values.organizationId;
  const sites = useSiteOptions(organizationId);

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const claimed = await claimUnclaimed(charger.id, {
        organizationId: values.organizationId ?? '',
        siteId: values.siteId ?? '',
        name: values.name.trim(),
        ...(values.ocppPassword ? { ocppPassword: values.ocppPassword } : {}),
      });
      onClaimed(claimed);
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened onClose={onClose} title={`Claim ${charger.ocppIdentity}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            The charger becomes one of the organization’s chargers at this site. It is Accepted at its next boot; if it is
            connected now it is asked to boot again at once.
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
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
          <Select
            label="Site"
            required
            searchable
            disabled={!organizationId}
            description={organizationId ? undefined : 'Choose the organization first: its sites are listed here'}
            placeholder={organizationId ? (sites.isLoading ? 'Loading sites…' : 'Choose a site') : undefined}
            data={sites.options}
            nothingFoundMessage="This organization has no sites yet"
            {...form.getInputProps('siteId')}
          />
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <PasswordField
            label="New OCPP password"
            required={!charger.presentedPassword}
            autoComplete="new-password"
            description={
              charger.presentedPassword
                ? `Optional: leave empty to keep the password the charger presented; ${MIN_OCPP_PASSWORD} to ${MAX_OCPP_PASSWORD} characters`
                : `The charger presented none; set the same on the charger. ${MIN_OCPP_PASSWORD} to ${MAX_OCPP_PASSWORD} characters`
            }
            {...form.getInputProps('ocppPassword')}
          />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => form.setFieldValue('ocppPassword', generatedOcppPassword())}>
              Generate a password
            </Button>
            <Group>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Claim charger
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
