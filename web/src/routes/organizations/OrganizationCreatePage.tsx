import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { createOrganization, organizationKeys } from '../../api/organizations';
import { applyServerErrors } from '../../components/form-errors';
import { useSelectedOrganization } from '../../components/organization-scope';
import { ProfileFields, profilePayload, profileValidation, profileValuesOf } from './ProfileFields';

export function OrganizationCreatePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [selected] = useSelectedOrganization();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { ...profileValuesOf(), parentId: selected, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    validate: profileValidation,
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await createOrganization(profilePayload(values));
      await queryClient.invalidateQueries({ queryKey: organizationKeys.all });
      notifications.show({ color: 'teal', message: `Organization “${created.name}” created` });
      void navigate(`/organizations/${created.id}`);
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Stack maw={900}>
      <Title order={1}>New organization</Title>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <ProfileFields form={form} />
            <Group justify="flex-end">
              <Button component={Link} to="/organizations" variant="default">
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Create organization
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
