import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Anchor, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { PasswordField } from '../../components/PasswordField';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { changePassword } from '../../api/auth';
import { ApiError } from '../../api/client';
import { useMe, useSession } from '../../auth/session';
import { applyServerErrors } from '../../components/form-errors';
import { PASSWORD_RULE, passwordLengthError } from '../../components/password-rule';

export function ChangePasswordPage() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const forced = me.user.mustChangePassword;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : 'Enter your current password'),
      newPassword: (v, values) =>
        passwordLengthError(v) ?? (v === values.currentPassword ? 'The new password must differ from the current one' : null),
      confirm: (v, values) => (v === values.newPassword ? null : 'The passwords do not match'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      notifications.show({ color: 'teal', message: 'Your password was changed. Other sessions were signed out.' });
      void navigate('/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_CREDENTIALS') form.setFieldError('currentPassword', e.message);
      else setError(applyServerErrors(form, e, (f) => (f === 'password' ? 'newPassword' : f)));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={460}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={1} size="h3">
              Change password
            </Title>
            {forced && (
              <Alert color="yellow" title="Password change required">
                Your password was set by an administrator. Choose your own before you continue.
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Text size="sm" c="dimmed">
              Signed in as {me.user.email}
            </Text>
            <PasswordField
              label="Current password"
              autoComplete="current-password"
              required
              {...form.getInputProps('currentPassword')}
            />
            <PasswordField
              label="New password"
              description={PASSWORD_RULE}
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordField label="Re-enter to confirm" autoComplete="new-password" required {...form.getInputProps('confirm')} />
            <Group justify="space-between">
              {forced ? (
                <Button variant="subtle" onClick={() => void signOut().then(() => navigate('/login'))}>
                  Sign out
                </Button>
              ) : (
                <Anchor component={Link} to="/">
                  Back to the dashboard
                </Anchor>
              )}
              <Button type="submit" loading={busy}>
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
