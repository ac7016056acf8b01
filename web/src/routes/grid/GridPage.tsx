import { Suspense, lazy, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type GridFeed, getGridFeed, getGridSeries, gridKeys, listGridFeeds } from '../../api/grid';
import { useSession } from '../../auth/session';
import { ErrorAlert, Loading } from '../../components/states';
import { formatDateTime } from '../../format';
import { LiveIndicator } from '../../live/LiveIndicator';
import { useLiveEvents } from '../../live/useLiveEvents';
import { pathTo } from '../route-table';
import { FeedForm } from './FeedForm';
import { HEALTH_WORDS, KIND_WORDS, LINK_WORDS, shownHealth } from './grid-words';

// ECharts is loaded with the first chart, not with the app.
const charts = () => import('./GridCharts');
const FrequencyGauge = lazy(() => charts().then((m) => ({ default: m.FrequencyGauge })));
const DemandChart = lazy(() => charts().then((m) => ({ default: m.DemandChart })));
const MixChart = lazy(() => charts().then((m) => ({ default: m.MixChart })));

/** Without the live stream (no monitoring:read), the page reads the feeds again this often. */
const POLL_MS = 5_000;

const RANGES = [
  { value: '1h', label: 'Hour', ms: 3_600_000 },
  { value: '24h', label: 'Day', ms: 86_400_000 },
  { value: '7d', label: 'Week', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Month', ms: 30 * 86_400_000 },
];

const num = (value: number | null | undefined, digits: number, unit: string) =>
  value === null || value === undefined
    ? '—'
    : `${value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;

function bucketWords(seconds: number): string {
  if (seconds === 0) return 'Every reading.';
  if (seconds < 3600) return seconds === 60 ? 'Averages of each minute.' : `Averages of ${seconds / 60} minutes.`;
  return seconds === 3600 ? 'Averages of each hour.' : `Averages of ${seconds / 3600} hours.`;
}

function HealthTile({ feed }: { feed: GridFeed }) {
  const shown = shownHealth(feed);
  return (
    <Paper withBorder p="md" component="section" aria-label="Grid health">
      <Text size="sm" c="dimmed">
        Grid health
      </Text>
      <Badge size="xl" color={shown.color} variant={shown.current ? 'filled' : 'light'} mt={4}>
        {shown.label}
      </Badge>
      <Text size="sm" mt="xs">
        Since {formatDateTime(feed.healthSince, feed.timeZone)}
        {feed.healthReason ? ` · ${feed.healthReason}` : ''}
      </Text>
    </Paper>
  );
}

function FeedTile({ feed }: { feed: GridFeed }) {
  const link = LINK_WORDS[feed.link];
  return (
    <Paper withBorder p="md" component="section" aria-label="Feed">
      <Text size="sm" c="dimmed">
        Feed · {KIND_WORDS[feed.kind]}
      </Text>
      <Badge size="lg" color={link.color} mt={4}>
        {link.label}
      </Badge>
      {feed.linkError && (
        <Text size="sm" c="dimmed">
          {feed.linkError}
        </Text>
      )}
      <Text size="sm" mt="xs">
        Last reading: {feed.lastReadingAt ? formatDateTime(feed.lastReadingAt, feed.timeZone) : 'none yet'}
      </Text>
      <Text size="sm">{feed.badReadings === 0 ? 'No bad readings' : `${feed.badReadings.toLocaleString()} bad readings`}</Text>
    </Paper>
  );
}

function FigureTile({ feed }: { feed: GridFeed }) {
  const r = feed.latest;
  return (
    <Paper withBorder p="md" component="section" aria-label="Figures now">
      <Text size="sm" c="dimmed">
        Now
      </Text>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>Demand</Table.Td>
            <Table.Td ta="right">{num(r?.demandMw, 0, 'MW')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Generation</Table.Td>
            <Table.Td ta="right">{num(r?.generationMw, 0, 'MW')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Reserve margin</Table.Td>
            <Table.Td ta="right">{num(r?.reserveMarginPercent, 1, '%')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Renewable share</Table.Td>
            <Table.Td ta="right">{num(r?.renewablePercent, 1, '%')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Td>Carbon intensity</Table.Td>
            <Table.Td ta="right" aria-label="Carbon intensity">
              {num(r?.carbonGPerKwh, 0, 'gCO₂/kWh')}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function FeedView({ feed, range, onRange }: { feed: GridFeed; range: string; onRange: (r: string) => void }) {
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const detail = useQuery({ queryKey: gridKeys.detail(feed.id), queryFn: () => getGridFeed(feed.id) });
  const span = RANGES.find((r) => r.value === range) ?? RANGES[0]!;
  const series = useQuery({
    queryKey: gridKeys.series(feed.id, span.value),
    queryFn: () => getGridSeries(feed.id, new Date(Date.now() - span.ms).toISOString()),
    refetchInterval: span.value === '1h' ? 15_000 : 300_000,
    placeholderData: keepPreviousData,
  });
  const zone = feed.timeZone;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <HealthTile feed={feed} />
        <Paper withBorder p="xs" component="section" aria-label="Frequency">
          <Suspense fallback={<Loading />}>
            <FrequencyGauge feed={feed} />
          </Suspense>
        </Paper>
        <FigureTile feed={feed} />
        <FeedTile feed={feed} />
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Paper withBorder p="md" component="section" aria-label="Demand and generation" h="100%">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                Demand and generation
              </Title>
              <SegmentedControl size="xs" data={RANGES} value={span.value} onChange={onRange} aria-label="Range" />
            </Group>
            {series.data ? (
              <>
                <Suspense fallback={<Loading />}>
                  <DemandChart series={series.data} timeZone={zone} />
                </Suspense>
                <Text size="xs" c="dimmed">
                  {bucketWords(series.data.bucketSeconds)}
                </Text>
              </>
            ) : series.isError ? (
              <ErrorAlert error={series.error} />
            ) : (
              <Loading />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Paper withBorder p="md" component="section" aria-label="Generation mix" h="100%">
            <Title order={2} size="h4" mb="xs">
              Generation mix
            </Title>
            <Suspense fallback={<Loading />}>
              <MixChart reading={feed.latest} />
            </Suspense>
          </Paper>
        </Grid.Col>
      </Grid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md" component="section" aria-label="Health history">
          <Title order={2} size="h4" mb="xs">
            Health history
          </Title>
          {detail.data && detail.data.healthHistory.length === 0 && <Text c="dimmed">No change since the feed was added.</Text>}
          {detail.data && detail.data.healthHistory.length > 0 && (
            <Table aria-label="Health history" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>At</Table.Th>
                  <Table.Th>Became</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.data.healthHistory.map((h) => (
                  <Table.Tr key={h.at}>
                    <Table.Td>{formatDateTime(h.at, zone)}</Table.Td>
                    <Table.Td>
                      <Badge color={HEALTH_WORDS[h.health].color}>{HEALTH_WORDS[h.health].label}</Badge>{' '}
                      <Text span size="xs" c="dimmed">
                        from {HEALTH_WORDS[h.previous].label.toLowerCase()}
                      </Text>
                    </Table.Td>
                    <Table.Td>{h.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="md" component="section" aria-label="Sites answering this grid">
          <Title order={2} size="h4" mb="xs">
            Sites answering this grid
          </Title>
          {feed.sites.length === 0 ? (
            <Text c="dimmed">No site’s load management reacts to this feed yet (set it on a site’s Energy page).</Text>
          ) : (
            <Stack gap={4}>
              {feed.sites.map((s) => (
                <Anchor key={s.id} component={Link} to={pathTo('siteEnergy', { id: s.id })}>
                  {s.name}
                </Anchor>
              ))}
            </Stack>
          )}
          {detail.data && detail.data.recentBadReadings.length > 0 && (
            <>
              <Title order={3} size="h5" mt="md" mb="xs">
                Latest bad readings
              </Title>
              <Table aria-label="Bad readings">
                <Table.Tbody>
                  {detail.data.recentBadReadings.slice(0, 5).map((b, i) => (
                    <Table.Tr key={`${b.at}-${i}`}>
                      <Table.Td>{formatDateTime(b.at, zone)}</Table.Td>
                      <Table.Td>{b.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Paper>
      </SimpleGrid>
      {can('grid:write') && (
        <Group>
          <Button variant="default" onClick={() => setEditing(true)}>
            Feed settings
          </Button>
        </Group>
      )}
      <Modal opened={editing} onClose={() => setEditing(false)} title={`Feed settings: ${feed.name}`} size="xl">
        <FeedForm feed={feed} onSaved={() => setEditing(false)} />
      </Modal>
    </Stack>
  );
}

/** The grid the organization's sites are connected to: health, frequency, demand, mix and the feed's state. */
export function GridPage() {
  const { can } = useSession();
  const live = useLiveEvents(can('monitoring:read'));
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const feeds = useQuery({
    queryKey: gridKeys.feeds,
    queryFn: listGridFeeds,
    refetchInterval: live === 'live' ? 60_000 : POLL_MS,
  });
  if (feeds.isPending) return <Loading />;
  if (feeds.isError) return <ErrorAlert error={feeds.error} />;
  const items = feeds.data.items;
  const selected = items.find((f) => f.id === params.get('feed')) ?? items[0];
  const set = (key: string, value: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set(key, value);
      return next;
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={1}>Grid</Title>
          <LiveIndicator state={live} />
        </Group>
        <Group>
          {items.length > 1 && selected && (
            <Select
              aria-label="Feed"
              data={items.map((f) => ({ value: f.id, label: `${f.name} (${f.organizationName})` }))}
              value={selected.id}
              onChange={(id) => id && set('feed', id)}
              allowDeselect={false}
            />
          )}
          {can('grid:write') && <Button onClick={() => setAdding(true)}>Add feed</Button>}
        </Group>
      </Group>
      {selected ? (
        <>
          <Text c="dimmed" size="sm">
            {selected.name} · {selected.organizationName} · times in {selected.timeZone}
          </Text>
          <FeedView feed={selected} range={params.get('range') ?? '1h'} onRange={(r) => set('range', r)} />
        </>
      ) : (
        <Paper withBorder p="xl">
          <Text>
            No grid feed yet. A feed brings the grid’s frequency, demand, reserve and mix in over MQTT or HTTP, or from the
            built-in simulation; sites can then lower their charging when the grid is under stress.
          </Text>
        </Paper>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title="New grid feed" size="xl">
        <FeedForm
          onSaved={(saved) => {
            setAdding(false);
            set('feed', saved.feed.id);
          }}
        />
      </Modal>
    </Stack>
  );
}
