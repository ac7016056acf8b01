import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { IconCheck, IconEye } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { type AlertDetail, acknowledgeAlert, alertKeys, getAlert, resolveAlert } from '../../api/alerts';
import { useSession } from '../../auth/session';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { formatDateTime } from '../../format';
import { pathTo } from '../route-table';
import { AlertStatusBadge, SeverityBadge } from './AlertBadges';
import { EVENT_LABELS, detailLabel, detailValue } from './alert-labels';
import { WhoWasTold } from './WhoWasTold';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const at = (iso: string | null) => formatDateTime(iso, viewerZone);

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** What the server's refusal means to the person who pressed the button. */
function actionError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'ALERT_RESOLVED')
      return 'This alert is already resolved: nothing more to do. The page now shows its state.';
    if (error.status === 403) return 'Your role may look at alerts but not act on them.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong';
}

function Actions({ alert }: { alert: AlertDetail }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: ({ action }: { action: 'acknowledge' | 'resolve' }) =>
      (action === 'acknowledge' ? acknowledgeAlert : resolveAlert)(alert.id, note.trim() || undefined),
    onSuccess: (updated) => {
      setNote('');
      queryClient.setQueryData(alertKeys.detail(alert.id), updated);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
  if (alert.status === 'resolved') return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="Act on this alert">
      <Title order={2} size="h4" mb="sm">
        Act on this alert
      </Title>
      <Stack gap="sm">
        <Textarea
          label="Note (optional)"
          description="Kept in the history: what you found, what you did."
          autosize
          minRows={2}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        {act.isError && <ErrorAlert error={new Error(actionError(act.error))} title="Could not do that" />}
        <Group>
          {alert.status === 'open' && (
            <Button
              leftSection={<IconEye size={16} aria-hidden />}
              loading={act.isPending && act.variables?.action === 'acknowledge'}
              disabled={act.isPending}
              onClick={() => act.mutate({ action: 'acknowledge' })}
            >
              Acknowledge
            </Button>
          )}
          <Button
            color="teal"
            variant={alert.status === 'open' ? 'light' : 'filled'}
            leftSection={<IconCheck size={16} aria-hidden />}
            loading={act.isPending && act.variables?.action === 'resolve'}
            disabled={act.isPending}
            onClick={() => act.mutate({ action: 'resolve' })}
          >
            Resolve
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Resolved by hand, it stays resolved while the condition lasts: the minute checks do not raise it again. A new occurrence
          does, or the condition clearing and coming back.
        </Text>
      </Stack>
    </Paper>
  );
}

/** One alert: everything known about it, its history, and (with alerts:write) Acknowledge and Resolve. */
export function AlertDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const orgLink = useOrgLink();
  const query = useQuery({ queryKey: alertKeys.detail(id), queryFn: () => getAlert(id) });
  if (query.isLoading) return <Loading />;
  if (query.isError && isNotFound(query.error))
    return <NotFoundState title="Alert not found" backTo={orgLink(pathTo('alerts'))} backLabel="Back to alerts" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const a = query.data!;
  const details = Object.entries(a.detail ?? {});
  return (
    <Stack>
      <Anchor component={Link} to={orgLink(pathTo('alerts'))} size="sm">
        ← Alerts
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>{a.title}</Title>
        <SeverityBadge severity={a.severity} />
        <AlertStatusBadge status={a.status} />
      </Group>
      {a.maintenance && (
        <Alert color="yellow" title="In a maintenance window now">
          {a.maintenance.siteWide ? 'The whole site' : 'This charger'} is in maintenance until {at(a.maintenance.endsAt)}:{' '}
          {a.maintenance.reason}. Availability alerts are not raised meanwhile.
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Fact label="Rule">{a.ruleLabel}</Fact>
          <Fact label="Charger">
            {a.chargerId && a.chargerName && can('chargers:read') ? (
              <Anchor component={Link} to={orgLink(pathTo('charger', { id: a.chargerId }))} size="sm">
                {a.chargerName}
              </Anchor>
            ) : (
              (a.chargerName ?? '—')
            )}
            {a.connectorId != null ? ` · connector ${a.connectorId}` : ''}
          </Fact>
          <Fact label="Site">
            {a.siteName ?? '—'} · {a.organizationName}
          </Fact>
          <Fact label="First raised">{at(a.firstRaisedAt)}</Fact>
          <Fact label="Last raised">{at(a.lastRaisedAt)}</Fact>
          <Fact label="Occurrences">{a.occurrences}</Fact>
          <Fact label="Escalation level">{a.escalationLevel}</Fact>
          <Fact label="Acknowledged">
            {a.acknowledgedAt ? `${at(a.acknowledgedAt)} by ${a.acknowledgedBy ?? 'someone'}` : '—'}
          </Fact>
          <Fact label="Resolved">
            {a.resolvedAt
              ? `${at(a.resolvedAt)} ${a.resolution === 'auto' ? '(condition cleared)' : `by ${a.resolvedBy ?? 'someone'}`}`
              : '—'}
          </Fact>
        </SimpleGrid>
      </Paper>
      {details.length > 0 && (
        <Paper withBorder p="md" component="section" aria-label="Details">
          <Title order={2} size="h4" mb="sm">
            Details
          </Title>
          <Table withRowBorders={false} verticalSpacing={4} layout="fixed" maw={640}>
            <Table.Tbody>
              {details.map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Th w="40%" fw={500} c="dimmed">
                    {detailLabel(key)}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{detailValue(value, viewerZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {can('alerts:write') && <Actions alert={a} />}
      {a.recipients && <WhoWasTold recipients={a.recipients} />}
      <Paper withBorder p="md" component="section" aria-label="History">
        <Title order={2} size="h4" mb="md">
          History
        </Title>
        {a.events.length === 0 ? (
          <Text c="dimmed">No history yet.</Text>
        ) : (
          <Timeline active={a.events.length - 1} bulletSize={14} lineWidth={2}>
            {a.events.map((event, index) => (
              <Timeline.Item key={`${event.at}-${index}`} title={EVENT_LABELS[event.kind] ?? event.kind}>
                <Text size="xs" c="dimmed">
                  {at(event.at)}
                  {event.actor ? ` · ${event.actor}` : ' · system'}
                </Text>
                {event.note && (
                  <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
                    {event.note}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Paper>
    </Stack>
  );
}
