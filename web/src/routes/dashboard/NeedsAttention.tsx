import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type LiveCharger, getUiConfig, liveKeys } from '../../api/live';
import { useOrgLink } from '../../components/organization-scope';
import { formatDateTime } from '../../format';
import { type AttentionItem, attentionHeadline, needsAttention, durationWords, vendorDetail } from '../../live/attention';
import { useNow } from '../../live/useNow';

const KIND_COLOR: Record<AttentionItem['kind'], string> = {
  faulted: 'red',
  offline: 'gray',
  unavailable: 'yellow',
  stuck: 'yellow',
};
const KIND_LABEL: Record<AttentionItem['kind'], string> = {
  faulted: 'Faulted',
  offline: 'Offline',
  unavailable: 'Unavailable',
  stuck: 'Stuck',
};

/** The most urgent are shown at once; the rest one click away (a network of offline chargers would bury the cards). */
const FIRST_SHOWN = 6;

function AttentionRow({ item }: { item: AttentionItem }) {
  const orgLink = useOrgLink();
  const duration = durationWords(item.minutes);
  const vendor = vendorDetail(item);
  return (
    <Group component="li" gap="sm" wrap="nowrap" align="flex-start" data-kind={item.kind}>
      <Badge color={KIND_COLOR[item.kind]} variant="light" size="sm" style={{ flexShrink: 0 }} w={{ base: 88, sm: 104 }}>
        {KIND_LABEL[item.kind]}
      </Badge>
      <div style={{ minWidth: 0 }}>
        <Text size="sm">
          <Anchor component={Link} to={orgLink(`/chargers/${item.chargerId}`)} fw={600}>
            {item.chargerName}
          </Anchor>{' '}
          <Text span c="dimmed" size="sm">
            · {item.siteName}
          </Text>
        </Text>
        <Text size="sm">
          {attentionHeadline(item)}
          {duration && (
            <Text span c="dimmed" size="sm" title={formatDateTime(item.since)}>
              {' '}
              · for {duration}
              {item.kind === 'offline' && item.since ? ` (since ${formatDateTime(item.since)})` : ''}
            </Text>
          )}
        </Text>
        {vendor && (
          <Text size="xs" c="dimmed">
            {vendor}
          </Text>
        )}
      </div>
    </Group>
  );
}

/** The top of the live dashboard: what an operator must act on, most urgent first. */
export function NeedsAttention({ chargers }: { chargers: LiveCharger[] }) {
  const uiConfig = useQuery({ queryKey: liveKeys.uiConfig, queryFn: getUiConfig, staleTime: Infinity, retry: false });
  // Every half minute: a session becomes stuck by time passing, not by an event.
  const now = useNow(30_000);
  const thresholds = uiConfig.data?.attention;
  const [all, setAll] = useState(false);
  const items = useMemo(() => (thresholds ? needsAttention(chargers, thresholds, now) : []), [chargers, thresholds, now]);
  if (!thresholds) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="needs-attention">
      <Stack gap="xs">
        <Title order={2} size="h4" id="needs-attention">
          Needs attention {items.length > 0 && `(${items.length})`}
        </Title>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing needs attention: no fault, no charger offline or unavailable, no stuck session.
          </Text>
        ) : (
          <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Needs attention">
            {items.slice(0, all ? 200 : FIRST_SHOWN).map((item) => (
              <AttentionRow key={`${item.kind}-${item.chargerId}-${item.evseId}-${item.connectorId}`} item={item} />
            ))}
          </Stack>
        )}
        {items.length > FIRST_SHOWN && (
          <Button variant="subtle" size="xs" onClick={() => setAll(!all)} style={{ alignSelf: 'flex-start' }}>
            {all ? 'Show the most urgent only' : `Show all ${items.length}`}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
