import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { updateProfile } from '../../api/auth';
import { useMe, useSession } from '../../auth/session';
import { applyServerErrors } from '../../components/form-errors';
import { PhonesCard } from '../../components/PhonesCard';
import { NotificationPreferencesCard } from '../notifications/NotificationPreferencesCard';

export function ProfilePage() {
  const me = useMe();
  const { setMe } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { name: me.user.name, phone: me.user.phone ?? '' },
    validate: { name: (v) => (v.trim() ? null : 'Enter your name') },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await updateProfile({ name: values.name.trim(), phone: values.phone.trim() || null });
      setMe(updated);
      form.resetDirty(values);
      notifications.show({ color: 'teal', message: 'Profile saved' });
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Stack maw={720}>
      <Title order={1}>Profile</Title>
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Text size="sm">
              <b>Email:</b> {me.user.email}
            </Text>
            <Text size="sm">
              <b>Role:</b> {me.user.roleName}
            </Text>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <TextInput label="Phone" type="tel" {...form.getInputProps('phone')} />
            <Group justify="space-between">
              <Button component={Link} to="/change-password" variant="subtle">
                Change password
              </Button>
              <Button type="submit" loading={busy} disabled={!form.isDirty()}>
                Save profile
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <NotificationPreferencesCard />
      <PhonesCard />
    </Stack>
  );
}
