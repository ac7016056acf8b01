import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconPencil } from '@tabler/icons-react';
import { chargerKeys, getCharger } from '../../api/chargers';
import type { LiveCharger } from '../../api/live';
import type { Charger } from '../../api/types';
import { useSession } from '../../auth/session';
import { useOrganizations } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { formatDateTime } from '../../format';
import { LiveStatusBadge } from '../../live/LiveStatusBadge';
import { useLiveEvents } from '../../live/useLiveEvents';
import { ChargerControls } from './ChargerControls';
import { LocationOwnerCard } from './LocationOwnerCard';
import { OcppPasswordCard } from './OcppPasswordCard';
import { MaintenanceWindowsCard } from '../alerts/MaintenanceWindowsCard';
import { AdminStatusBadge, VisibilityBadge } from './status';
import { ChargerCommands } from './live/ChargerCommands';
import { ChargingProfileCard } from './live/ChargingProfileCard';
import { LiveState } from './live/LiveState';
import { MessageLog } from './live/MessageLog';
import { RunningSession } from './live/RunningSession';
import { StatusHistory } from './live/StatusHistory';
import { useLiveCharger } from './live/useLiveCharger';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function LiveConnectorStatus({ live, connectorId }: { live: LiveCharger | null | undefined; connectorId: number }) {
  if (live === undefined) return <Text c="dimmed">Not available</Text>;
  const connector = live?.connectors.find((k) => k.connectorId === connectorId);
  if (!live || !connector) return <Text c="dimmed">Not reported yet</Text>;
  const status = live.online ? connector.status : 'Offline';
  const error = connector.errorCode && connector.errorCode !== 'NoError' ? connector.errorCode : null;
  return (
    <Group gap={6}>
      <LiveStatusBadge status={status} variant="light" />
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Group>
  );
}

/** `live` undefined: the user may not see live status; null: the charger is not in the live list. */
function Connectors({ charger, live }: { charger: Charger; live: LiveCharger | null | undefined }) {
  if (charger.connectors.length === 0) return <Text size="sm">No connectors are registered.</Text>;
  return (
    <Table.ScrollContainer minWidth={420} type="native">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Connector</Table.Th>
            <Table.Th>EVSE</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Max power</Table.Th>
            <Table.Th>Live status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {charger.connectors.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.connectorId}</Table.Td>
              <Table.Td>{c.evseId}</Table.Td>
              <Table.Td>{c.type}</Table.Td>
              <Table.Td>{c.maxPowerKw} kW</Table.Td>
              <Table.Td>
                <LiveConnectorStatus live={live} connectorId={c.connectorId} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ChargerDetailPage() {
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: chargerKeys.detail(id), queryFn: () => getCharger(id) });

  if (query.isLoading) return <Loading />;
  if (isNotFound(query.error)) return <NotFoundState title="Charger not found" backTo="/chargers" backLabel="Back to chargers" />;
  if (query.isError || !query.data) return <ErrorAlert error={query.error} />;
  return <ChargerDetail charger={query.data} />;
}

function ChargerDetail({ charger }: { charger: Charger }) {
  const { can } = useSession();
  const { byId } = useOrganizations();
  const monitoring = can('monitoring:read');
  const connection = useLiveEvents(monitoring);
  const liveQuery = useLiveCharger(charger, monitoring);
  const live = monitoring ? liveQuery.live : undefined;
  const timeZone = byId.get(charger.organizationId)?.timeZone;
  const retired = charger.retiredAt !== null;
  const canWrite = can('chargers:write') && !retired;

  return (
    <Stack>
      <Anchor component={Link} to="/chargers" size="sm">
        ← Back to the list
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>{charger.name}</Title>
          <Group gap="xs" mt={4}>
            <AdminStatusBadge status={charger.adminStatus} />
            <VisibilityBadge visible={charger.visible} />
          </Group>
          {monitoring && <LiveState live={liveQuery.live} connection={connection} timeZone={timeZone} />}
        </div>
        {canWrite && (
          <Button
            component={Link}
            to={`/chargers/${charger.id}/edit`}
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden />}
          >
            Edit charger
          </Button>
        )}
      </Group>
      {retired && (
        <Alert color="gray" title="Retired">
          This charger was retired on {formatDateTime(charger.retiredAt, timeZone)}. It is kept for finance only.
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Fact label="OCPP identity">{charger.ocppIdentity}</Fact>
          <Fact label="Organization">{charger.organizationName}</Fact>
          <Fact label="Site">{charger.siteName}</Fact>
          <Fact label="Vendor / model">{[charger.vendor, charger.model].filter(Boolean).join(' ') || '—'}</Fact>
          <Fact label="Serial number">{charger.serialNumber ?? '—'}</Fact>
          <Fact label="Firmware">{charger.firmwareVersion ?? '—'}</Fact>
          <Fact label="Registered">{formatDateTime(charger.createdAt, timeZone)}</Fact>
          <Fact label="Last changed">{formatDateTime(charger.updatedAt, timeZone)}</Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Connectors
        </Title>
        <Connectors charger={charger} live={live} />
      </Paper>
      {live?.activeSession && (
        <RunningSession key={live.activeSession.sessionId} session={live.activeSession} timeZone={timeZone} />
      )}
      {can('chargers:command') && !retired && <ChargerCommands charger={charger} live={liveQuery.live} />}
      {can('chargers:command') && !retired && <ChargingProfileCard charger={charger} />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {canWrite && <ChargerControls charger={charger} />}
        {(charger.locationOwner || can('chargers:assign-owner')) && (
          <LocationOwnerCard
            key={`${charger.locationOwner?.id ?? ''}${charger.locationOwnerShare ?? ''}`}
            charger={charger}
            canAssign={can('chargers:assign-owner') && !retired}
          />
        )}
        {canWrite && <OcppPasswordCard charger={charger} />}
      </SimpleGrid>
      {can('alerts:read') && !retired && (
        <MaintenanceWindowsCard
          chargerId={charger.id}
          siteId={charger.siteId}
          siteName={charger.siteName}
          timeZone={timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}
        />
      )}
      <StatusHistory chargerId={charger.id} timeZone={timeZone} />
      {monitoring && <MessageLog chargerId={charger.id} timeZone={timeZone} />}
    </Stack>
  );
}
