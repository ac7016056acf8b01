import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconSearchOff } from '@tabler/icons-react';
import { ApiError } from '../api/client';

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl">
      <Loader role="status" aria-label={label} />
    </Center>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

export function ErrorAlert({ error, title = 'Could not load this' }: { error: unknown; title?: string }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

export function NotFoundState({
  title,
  children,
  backTo,
  backLabel,
}: {
  title: string;
  children?: ReactNode;
  backTo: string;
  backLabel: string;
}) {
  return (
    <Stack align="center" py="xl" gap="sm">
      <IconSearchOff size={40} aria-hidden />
      <Title order={1}>{title}</Title>
      <Text c="dimmed" ta="center">
        {children ?? 'It does not exist, or it is outside what you may see.'}
      </Text>
      <Button component={Link} to={backTo} variant="light">
        {backLabel}
      </Button>
    </Stack>
  );
}

export function NoAccess() {
  return (
    <Stack align="center" py="xl" gap="sm">
      <IconLock size={40} aria-hidden />
      <Title order={1}>No access</Title>
      <Text c="dimmed">Your role does not include this page.</Text>
      <Button component={Link} to="/" variant="light">
        Go to the dashboard
      </Button>
    </Stack>
  );
}

/** 404, or an id in the URL that is not even well-formed (the API rejects the path parameter). */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 404) return true;
  const details = error.details;
  return (
    error.code === 'VALIDATION_FAILED' &&
    Array.isArray(details) &&
    details.some((d: unknown) => typeof d === 'object' && d !== null && (d as { in?: unknown }).in === 'params')
  );
}
