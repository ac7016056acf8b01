import { Alert, Button, Group, Paper, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Organization } from '../../api/types';
import { LogoUpload } from './LogoUpload';
import { ProfileFields, profilePayload, profileValidation, profileValuesOf } from './ProfileFields';
import { useSaveOrganization } from './save-organization';

export function ProfileTab({ organization, canWrite }: { organization: Organization; canWrite: boolean }) {
  const { save, busy, error } = useSaveOrganization(organization);
  const form = useForm({ initialValues: profileValuesOf(organization), validate: profileValidation });

  const submit = form.onSubmit(async (values) => {
    const updated = await save(profilePayload(values), form);
    if (updated) form.resetDirty(profileValuesOf(updated));
  });

  return (
    <Stack>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <ProfileFields form={form} selfId={organization.id} readOnly={!canWrite} />
            {canWrite && (
              <Group justify="flex-end">
                <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                  Save profile
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      </Paper>
      <LogoUpload organization={organization} canWrite={canWrite} />
    </Stack>
  );
}
