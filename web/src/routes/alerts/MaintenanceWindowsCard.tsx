import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type MaintenanceWindow,
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  listMaintenanceWindows,
  maintenanceKeys,
} from '../../api/alerts';
import { useSession } from '../../auth/session';
import { useConfirm } from '../../components/confirm';
import { DeleteButton } from '../../components/DeleteButton';
import { applyServerErrors } from '../../components/form-errors';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';
import { formatDateTime, zoneName } from '../../format';
import { zonedToInstant } from '../../zoned-time';

interface Place {
  /** The charger the card is on; its site's windows (which cover it too) are listed with it. */
  chargerId?: string;
  siteId: string | null;
  siteName?: string | null;
  /** The clock the times are entered and shown on (the site's, or the charger's organization's). */
  timeZone: string;
}

function WindowsTable({
  items,
  timeZone,
  onDelete,
}: Place & { items: MaintenanceWindow[]; onDelete?: (w: MaintenanceWindow) => void }) {
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" aria-label="Maintenance windows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Applies to</Table.Th>
            <Table.Th>Starts</Table.Th>
            <Table.Th>Ends</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Created by</Table.Th>
            {onDelete && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td>
                <Group gap={6} wrap="wrap">
                  <Text size="sm">{w.chargerId ? (w.chargerName ?? 'This charger') : `Whole site ${w.siteName ?? ''}`}</Text>
                  {Date.parse(w.startsAt) <= now ? (
                    <Badge size="sm" color="yellow" variant="light" miw="max-content">
                      Now
                    </Badge>
                  ) : (
                    <Badge size="sm" color="blue" variant="light" miw="max-content">
                      Upcoming
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{formatDateTime(w.startsAt, timeZone)}</Table.Td>
              <Table.Td>{formatDateTime(w.endsAt, timeZone)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{w.reason}</Table.Td>
              <Table.Td>{w.createdBy ?? '—'}</Table.Td>
              {onDelete && (
                <Table.Td>
                  <DeleteButton name={`maintenance window “${w.reason}”`} onDelete={() => onDelete(w)} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AddWindowForm({ chargerId, siteId, timeZone }: Place) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { startsAt: '', endsAt: '', reason: '' },
    validate: {
      startsAt: (v) =>
        !v ? 'Enter when it starts' : zonedToInstant(v, timeZone) ? null : `This time does not exist in ${timeZone}`,
      endsAt: (v, values) => {
        if (!v) return 'Enter when it ends';
        const end = zonedToInstant(v, timeZone);
        if (!end) return `This time does not exist in ${timeZone}`;
        const start = zonedToInstant(values.startsAt, timeZone);
        if (start && end <= start) return 'It must end after it starts';
        if (Date.parse(end) <= Date.now()) return 'It must end in the future';
        return null;
      },
      reason: (v) => (v.trim() ? null : 'Say why (the alerts it mutes are not raised meanwhile)'),
    },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await createMaintenanceWindow({
        ...(chargerId ? { chargerId } : { siteId: siteId! }),
        startsAt: zonedToInstant(values.startsAt, timeZone)!,
        endsAt: zonedToInstant(values.endsAt, timeZone)!,
        reason: values.reason.trim(),
      });
      form.reset();
      notifications.show({ color: 'teal', message: 'Maintenance window added' });
      void queryClient.invalidateQueries({ queryKey: maintenanceKeys.all });
    } catch (e) {
      setError(applyServerErrors(form, e));
    }
  });
  const zone = `${timeZone} (${zoneName(timeZone)})`;
  return (
    <form onSubmit={submit} noValidate aria-label="Add a maintenance window">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          Add a maintenance window
        </Text>
        <Text size="xs" c="dimmed">
          Times are in {zone}. Availability alerts (offline, faulted, no heartbeat, stuck) are not raised meanwhile.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group grow align="flex-start">
          <TextInput
            label={`Starts (${zoneName(timeZone)})`}
            type="datetime-local"
            required
            {...form.getInputProps('startsAt')}
          />
          <TextInput label={`Ends (${zoneName(timeZone)})`} type="datetime-local" required {...form.getInputProps('endsAt')} />
        </Group>
        <TextInput label="Reason" required maxLength={500} {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            Add window
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Current and upcoming maintenance windows of a charger (with its site's) or of a site, and, with
 * alerts:write, a form to add one and Delete (docs/alerts.md#maintenance).
 */
export function MaintenanceWindowsCard(place: Place) {
  const { can } = useSession();
  const canWrite = can('alerts:write');
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const { chargerId, siteId } = place;
  const own = useQuery({
    queryKey: maintenanceKeys.of(chargerId ? { chargerId } : { siteId: siteId ?? '' }),
    queryFn: () => listMaintenanceWindows(chargerId ? { chargerId } : { siteId: siteId! }),
  });
  const siteWide = useQuery({
    queryKey: maintenanceKeys.of({ siteId: siteId ?? '' }),
    queryFn: () => listMaintenanceWindows({ siteId: siteId! }),
    enabled: !!chargerId && !!siteId,
  });
  const remove = useMutation({
    mutationFn: deleteMaintenanceWindow,
    onSuccess: () => notifications.show({ color: 'teal', message: 'Maintenance window deleted' }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: maintenanceKeys.all }),
  });
  const onDelete = canWrite
    ? async (w: MaintenanceWindow) => {
        if (
          await confirm(`Delete the maintenance window “${w.reason}”? Alerts are raised again from then on.`, {
            confirmLabel: 'Delete window',
          })
        )
          remove.mutate(w.id);
      }
    : undefined;
  const items = [...(own.data?.items ?? []), ...(chargerId ? (siteWide.data?.items ?? []) : [])].sort(
    (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt),
  );
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          Maintenance windows
        </Title>
        {(own.isLoading || siteWide.isLoading) && <Loading label="Loading maintenance windows" />}
        {own.isError && <ErrorAlert error={own.error} />}
        {own.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            No current or upcoming maintenance windows.
          </Text>
        )}
        {items.length > 0 && <WindowsTable {...place} items={items} onDelete={onDelete} />}
        {canWrite && <AddWindowForm {...place} />}
      </Stack>
    </Paper>
  );
}
