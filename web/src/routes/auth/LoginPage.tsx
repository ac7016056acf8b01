import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { PasswordField } from '../../components/PasswordField';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconChargingPile } from '@tabler/icons-react';
import { login } from '../../api/auth';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';

function retryAfterSeconds(error: ApiError): number | null {
  const details = error.details;
  if (typeof details === 'object' && details !== null && 'retryAfterSeconds' in details) {
    const value = (details as { retryAfterSeconds: unknown }).retryAfterSeconds;
    if (typeof value === 'number') return value;
  }
  return null;
}

/** What the user reads when signing in fails; a lockout names the time to try again. */
export function signInErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The server could not be reached. Check your connection and try again.';
  if (error.status === 429) {
    const seconds = retryAfterSeconds(error);
    if (seconds === null) return 'Too many failed sign-ins. Wait a while, then try again.';
    const minutes = Math.ceil(seconds / 60);
    const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    return `Too many failed sign-ins: this account is locked. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${at}).`;
  }
  if (error.code === 'INVALID_CREDENTIALS') return 'The email or password is wrong, or the account is disabled.';
  if (error.code === 'VALIDATION_FAILED') return 'Enter your email address and password.';
  return error.message;
}

export function LoginPage() {
  const { status, me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  if (status === 'signed-in' && me && !busy)
    return <Navigate to={me.user.mustChangePassword ? '/change-password' : target} replace />;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const reply = await login(values.email.trim(), values.password);
      void navigate(reply.me.user.mustChangePassword ? '/change-password' : target, { replace: true });
    } catch (e) {
      setError(signInErrorText(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group gap={8}>
              <IconChargingPile size={28} color="var(--mantine-color-teal-6)" aria-hidden />
              <Text fw={700} size="xl">
                Chargeboard
              </Text>
            </Group>
            <Title order={1} size="h3">
              Sign in
            </Title>
            {error && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
                {error}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
            <PasswordField label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
            {status === 'restoring' && (
              <Text size="xs" c="dimmed">
                Checking for an existing session…
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
