import { Suspense, lazy, useCallback, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { Anchor, ColorSwatch, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getUiConfig, listLiveChargers, liveKeys } from '../../api/live';
import { listSites, siteKeys } from '../../api/sites';
import { useSession } from '../../auth/session';
import { useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { LiveIndicator } from '../../live/LiveIndicator';
import { LiveStatusBadge } from '../../live/LiveStatusBadge';
import { statusColor } from '../../live/status';
import { useLiveEvents } from '../../live/useLiveEvents';
import { mapSitesOf } from './sites';

// Leaflet loads with this page only.
const SiteMap = lazy(() => import('./SiteMap').then((m) => ({ default: m.SiteMap })));

/** Sites and chargers on a map, coloured by live status, with the same sites as a table below. */
export function NetworkPage() {
  const { can } = useSession();
  const [org] = useSelectedOrganization();
  const orgLink = useOrgLink();
  const navigate = useNavigate();
  const connection = useLiveEvents();
  const chargers = useQuery({ queryKey: liveKeys.chargers(org), queryFn: () => listLiveChargers(org) });
  const siteParams = { pageSize: 200, organizationId: org ?? undefined, sort: 'name', order: 'asc' } as const;
  const sites = useQuery({
    queryKey: siteKeys.list(siteParams),
    queryFn: () => listSites(siteParams),
    enabled: can('sites:read'),
  });
  // Tiles are decoration: without them (offline, blocked) the markers still show on a plain background.
  const uiConfig = useQuery({ queryKey: liveKeys.uiConfig, queryFn: getUiConfig, staleTime: Infinity, retry: false });

  const mapSites = useMemo(() => mapSitesOf(chargers.data ?? [], sites.data?.items ?? []), [chargers.data, sites.data]);
  const chargerLink = useCallback((id: string) => orgLink(`/chargers/${id}`), [orgLink]);
  const go = useCallback((to: string) => void navigate(to), [navigate]);
  const unplaced = mapSites.filter((s) => s.latitude === null || s.longitude === null);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1}>Network</Title>
          <Text c="dimmed">Sites and chargers by live status. Select a marker for the site’s chargers.</Text>
        </div>
        <LiveIndicator state={connection} />
      </Group>
      {chargers.isError && <ErrorAlert error={chargers.error} title="Live charger status is not available" />}
      {chargers.isLoading ? (
        <Loading label="Loading the network" />
      ) : (
        <Suspense fallback={<Loading label="Loading the map" />}>
          <SiteMap
            sites={mapSites}
            tileUrl={uiConfig.data?.mapTileUrl ?? null}
            attribution={uiConfig.data?.mapAttribution ?? null}
            chargerLink={chargerLink}
            onNavigate={go}
          />
        </Suspense>
      )}
      {unplaced.length > 0 && (
        <Text size="sm" c="dimmed">
          Not on the map (no coordinates): {unplaced.map((s) => s.name).join(', ')}.
        </Text>
      )}
      <Paper withBorder p="md" component="section" aria-label="Sites">
        <Title order={2} size="h4" mb="sm">
          Sites
        </Title>
        <Table.ScrollContainer minWidth={520} type="native">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Site</Table.Th>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Chargers</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mapSites.map((site) => (
                <Table.Tr key={site.siteId}>
                  <Table.Td>{site.name}</Table.Td>
                  <Table.Td>{site.organizationName}</Table.Td>
                  <Table.Td miw={140}>
                    <LiveStatusBadge status={site.chargers.length ? site.status : null} variant="light">
                      {site.chargers.length ? site.status : 'No chargers'}
                    </LiveStatusBadge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {site.chargers.map((c) => (
                        <Group key={c.chargerId} gap={4} wrap="nowrap">
                          <ColorSwatch
                            color={`var(--mantine-color-${statusColor(c.status)}-filled)`}
                            size={9}
                            withShadow={false}
                            aria-hidden
                          />
                          <Anchor component={Link} to={chargerLink(c.chargerId)} size="sm" aria-label={`${c.name}, ${c.status}`}>
                            {c.name}
                          </Anchor>
                        </Group>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
