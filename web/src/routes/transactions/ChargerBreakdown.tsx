import { Paper, ScrollArea, Table, Text, Title } from '@mantine/core';
import type { TransactionSummary } from '../../api/transactions';
import { formatMoney } from '../../format';
import { formatDuration, formatEnergy } from './figures';

/** Per charger: sessions, energy, time and revenue (per currency), most energy first. */
export function ChargerBreakdown({ summary }: { summary: TransactionSummary }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Per charger">
      <Title order={2} size="h4" mb="sm">
        Per charger
      </Title>
      {summary.chargers.length === 0 ? (
        <Text c="dimmed">No sessions match.</Text>
      ) : (
        <ScrollArea.Autosize mah={320} viewportProps={{ tabIndex: 0, 'aria-label': 'Sessions per charger' }}>
          <Table striped verticalSpacing={4} miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Charger</Table.Th>
                <Table.Th>Site</Table.Th>
                <Table.Th ta="right">Sessions</Table.Th>
                <Table.Th ta="right">Energy</Table.Th>
                <Table.Th ta="right">Charging time</Table.Th>
                <Table.Th ta="right">Idle</Table.Th>
                <Table.Th ta="right">Revenue (gross)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.chargers.map((c) => (
                <Table.Tr key={c.chargerId}>
                  <Table.Td>{c.chargerName}</Table.Td>
                  <Table.Td>{c.siteName}</Table.Td>
                  <Table.Td ta="right">{c.sessions.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{formatEnergy(c.energyWh)}</Table.Td>
                  <Table.Td ta="right">{formatDuration(c.durationSeconds)}</Table.Td>
                  <Table.Td ta="right">{formatDuration(c.idleSeconds)}</Table.Td>
                  <Table.Td ta="right">
                    {c.revenue.length === 0 ? '—' : c.revenue.map((r) => formatMoney(r.grossMinor, r.currency)).join(' · ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      {summary.chargersTotal > summary.chargers.length && (
        <Text size="xs" c="dimmed" mt="xs">
          The {summary.chargers.length} chargers with the most energy of {summary.chargersTotal}.
        </Text>
      )}
    </Paper>
  );
}
