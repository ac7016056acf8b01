import { useState } from 'react';
import { Alert, Group, Paper, ScrollArea, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { earningsKeys, getEarnings } from '../../api/earnings';
import { ErrorAlert } from '../../components/states';
import { formatMoney, zoneName } from '../../format';
import { formatEnergy } from '../transactions/figures';

/** Today and the first of this month on the viewer's calendar, as YYYY-MM-DD. */
function thisMonth(): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/**
 * What a location owner earned: the commission share of the settled sessions on its chargers, per
 * currency and per charger, over the days it picks. The operator's own figures are not shown.
 */
export function EarningsPage() {
  const [range, setRange] = useState(thisMonth);
  const valid = range.from !== '' && range.to !== '' && range.from <= range.to;
  const query = useQuery({
    queryKey: earningsKeys.range(range),
    queryFn: () => getEarnings(range),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  return (
    <Stack>
      <div>
        <Title order={1}>Earnings</Title>
        <Text c="dimmed">
          Your commission on the sessions your chargers settled, counted on the day a session ended. Amounts in different
          currencies are never added up.
        </Text>
      </div>
      <Group align="flex-end">
        <TextInput
          label="From"
          type="date"
          value={range.from}
          max={range.to || undefined}
          onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="date"
          value={range.to}
          min={range.from || undefined}
          onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
        />
        {data && (
          <Text size="sm" c="dimmed" pb={8}>
            Days run on {data.timeZone} time ({zoneName(data.timeZone)}).
          </Text>
        )}
      </Group>
      {!valid && (
        <Alert color="yellow" role="alert">
          Choose a first day on or before the last day.
        </Alert>
      )}
      {query.isError ? (
        <ErrorAlert error={query.error} />
      ) : !data ? (
        <Skeleton h={92} radius="md" />
      ) : (
        <>
          {data.totals.length === 0 && <Text c="dimmed">No charger is assigned to you yet.</Text>}
          {data.totals.map((t) => (
            <SimpleGrid key={t.currency} cols={{ base: 2, sm: 4 }} aria-label={`Earnings in ${t.currency}`}>
              {[
                { label: `Your commission · ${t.currency}`, value: formatMoney(t.commissionMinor, t.currency) },
                { label: `Net revenue of your chargers · ${t.currency}`, value: formatMoney(t.netMinor, t.currency) },
                { label: 'Energy', value: formatEnergy(t.energyWh) },
                { label: 'Sessions', value: String(t.sessions) },
              ].map((tile) => (
                <Paper key={tile.label} withBorder p="md" radius="md">
                  <Text size="sm" c="dimmed">
                    {tile.label}
                  </Text>
                  <Text fz={22} fw={700}>
                    {tile.value}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
          ))}
          {data.chargers.length > 0 && (
            <Paper withBorder>
              <ScrollArea>
                <Table striped miw={720} aria-label="Earnings per charger">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Charger</Table.Th>
                      <Table.Th>Site</Table.Th>
                      <Table.Th ta="right">Sessions</Table.Th>
                      <Table.Th ta="right">Energy</Table.Th>
                      <Table.Th ta="right">Net revenue</Table.Th>
                      <Table.Th ta="right">Your commission</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.chargers.map((c) => (
                      <Table.Tr key={`${c.chargerId} ${c.currency}`}>
                        <Table.Td>
                          {c.chargerName}
                          <Text size="xs" c="dimmed" ff="monospace">
                            {c.ocppIdentity}
                          </Text>
                        </Table.Td>
                        <Table.Td>{c.siteName}</Table.Td>
                        <Table.Td ta="right">{c.sessions}</Table.Td>
                        <Table.Td ta="right">{formatEnergy(c.energyWh)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(c.netMinor, c.currency)}</Table.Td>
                        <Table.Td ta="right" fw={600}>
                          {formatMoney(c.commissionMinor, c.currency)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </Paper>
          )}
          <Text size="xs" c="dimmed">
            Payouts to location owners are not recorded in Chargeboard yet: this is what your chargers earned you, as settled.
          </Text>
        </>
      )}
    </Stack>
  );
}
