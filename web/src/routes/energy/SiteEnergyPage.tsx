import { Suspense, lazy, useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getLoadManagement, loadManagementKeys, type ManagedSessionRow } from '../../api/load-management';
import { useSession } from '../../auth/session';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { EnergyHistory } from './EnergyHistory';
import { LoadSettingsForm } from './LoadSettingsForm';
import { type LoadSample, sharedLimitKw, withSample } from './load-history';

// ECharts is loaded with the first chart, not with the app.
const LoadChart = lazy(() => import('./LoadChart').then((m) => ({ default: m.LoadChart })));

/** How often the page reads the site again. */
const REFRESH_MS = 5_000;

const kw = (value: string | null) => (value === null ? '—' : `${Number(value).toFixed(1)} kW`);

function limitCell(s: ManagedSessionRow) {
  if (s.refused) return <Badge color="orange">Takes no limit</Badge>;
  if (s.limitKw === null) return <Text c="dimmed">Not yet</Text>;
  if (s.paused) return <Badge color="gray">Paused</Badge>;
  return kw(s.limitKw);
}

/** A site's power now: each session's draw and allotted limit, the live chart, and (chargers:command) the settings. */
export function SiteEnergyPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const query = useQuery({
    queryKey: loadManagementKeys.site(id),
    queryFn: () => getLoadManagement(id),
    refetchInterval: REFRESH_MS,
  });
  const [samples, setSamples] = useState<LoadSample[]>([]);
  useEffect(() => {
    if (query.data) setSamples((previous) => withSample(previous, query.data, query.dataUpdatedAt));
  }, [query.data, query.dataUpdatedAt]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const state = query.data;
  const limit = sharedLimitKw(state);
  const drawn = Number(state.measuredKw);
  const share = limit ? Math.min(100, (drawn / limit) * 100) : 0;
  const zone = state.timeZone;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Energy at {state.siteName}</Title>
        <Anchor component={Link} to="/sites">
          ← Sites
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md" component="section" aria-label="Drawn now">
          <Text size="sm" c="dimmed">
            Drawn now
          </Text>
          <Text size="xl" fw={700}>
            {drawn.toFixed(1)} kW{' '}
            {limit !== null && (
              <Text span c="dimmed">
                of {limit.toFixed(1)} kW
              </Text>
            )}
          </Text>
          {limit !== null && (
            <Progress value={share} color={share > 95 ? 'orange' : 'teal'} mt="xs" aria-label="Share of the limit" />
          )}
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Load management
          </Text>
          <Text size="xl" fw={700}>
            {state.settings.enabled ? 'On' : 'Off'}
          </Text>
          <Text size="sm">
            {state.settings.limitKw === null ? 'Grid connection limit' : 'Operating limit'}: {kw(state.effectiveLimitKw)}
          </Text>
          {state.grid && (
            <Text size="sm" aria-label="Grid">
              Grid: {state.grid.feedName},{' '}
              <Badge size="sm" color={state.grid.health === 'normal' ? 'teal' : state.grid.health === 'alert' ? 'orange' : 'red'}>
                {state.grid.health}
              </Badge>
            </Text>
          )}
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            Sessions charging
          </Text>
          <Text size="xl" fw={700}>
            {state.sessions.length}
          </Text>
          <Text size="sm">{state.sessions.filter((s) => s.paused).length} paused</Text>
        </Paper>
      </SimpleGrid>
      {state.grid && state.grid.health !== 'normal' && (
        <Alert
          color={state.grid.health === 'emergency' ? 'red' : 'orange'}
          title={`Grid ${state.grid.health} on ${state.grid.feedName}`}
          aria-label="Grid reduction"
        >
          The site’s limit is lowered by {state.grid.reductionPercent} % to {kw(state.grid.sharedLimitKw)}
          {state.grid.priorityOnly ? ', and only priority groups charge' : ''}.{' '}
          <Anchor component={Link} to="/grid">
            The grid
          </Anchor>
        </Alert>
      )}
      {state.refusals.map((r) => (
        <Alert key={r.chargerId} color="orange" title={`${r.chargerName} takes no charging limit`}>
          It answered {r.answer} at {formatDateTime(r.at, zone)}: it is counted at its full power, and the others share what is
          left.
        </Alert>
      ))}
      <Paper withBorder p="md" component="section" aria-label="Power against the limit">
        <Title order={2} size="h4" mb="xs">
          Power against the limit
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Since this page opened, read every {REFRESH_MS / 1000} s.
        </Text>
        <Suspense fallback={<Loading />}>
          <LoadChart samples={samples} sessions={state.sessions} timeZone={zone} />
        </Suspense>
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Allocation">
        <Title order={2} size="h4" mb="xs">
          Allocation
        </Title>
        {state.sessions.length === 0 ? (
          <Text c="dimmed">No session is charging at this site.</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Allocation" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Charger</Table.Th>
                  <Table.Th>Group</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Drawing</Table.Th>
                  <Table.Th>Limit</Table.Th>
                  <Table.Th>Charger’s answer</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {state.sessions.map((s) => (
                  <Table.Tr key={s.sessionId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/chargers/${s.chargerId}`}>
                        {s.chargerName}
                      </Anchor>
                      , connector {s.connector}{' '}
                      <Text span c="dimmed" size="sm">
                        (up to {kw(s.connectorMaxKw)})
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.tokenGroup ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(s.startedAt, zone)}</Table.Td>
                    <Table.Td>{kw(s.measuredKw)}</Table.Td>
                    <Table.Td>{limitCell(s)}</Table.Td>
                    <Table.Td>{s.answer ? `${s.answer}, ${formatDateTime(s.sentAt, zone)}` : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <EnergyHistory siteId={state.siteId} limitKw={limit} />
      {can('chargers:command') && <LoadSettingsForm key={state.settings.enabled ? 'on' : 'off'} state={state} />}
    </Stack>
  );
}
