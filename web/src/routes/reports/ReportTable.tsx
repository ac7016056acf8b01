import { Table, Text } from '@mantine/core';
import type { ReportPreview } from '../../api/reports';
import { formatFigure } from './report-figures';

/** The previewed rows and, under them, one totals row per currency (the totals count every matching session). */
export function ReportTable({ preview }: { preview: ReportPreview }) {
  const withCurrency = preview.totals.some((t) => t.currency !== null);
  const figures = (values: Record<string, number | null>, currency: string | null) =>
    preview.metrics.map((m) => (
      <Table.Td key={m.key} ta="right" style={{ whiteSpace: 'nowrap' }}>
        {formatFigure(m, values[m.key], currency)}
      </Table.Td>
    ));
  return (
    <Table.ScrollContainer minWidth={500}>
      <Table striped highlightOnHover aria-label="Report rows">
        <Table.Thead>
          <Table.Tr>
            {preview.dimensions.map((d) => (
              <Table.Th key={d.key}>{d.label}</Table.Th>
            ))}
            {withCurrency && <Table.Th>Currency</Table.Th>}
            {preview.metrics.map((m) => (
              <Table.Th key={m.key} ta="right">
                {m.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={preview.dimensions.length + preview.metrics.length + 1}>
                <Text c="dimmed">No sessions in this period and filter.</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {preview.dimensions.length > 0 &&
            preview.rows.map((row, i) => (
              <Table.Tr key={i}>
                {preview.dimensions.map((d) => (
                  <Table.Td key={d.key}>{row.labels[d.key] ?? '(none)'}</Table.Td>
                ))}
                {withCurrency && <Table.Td>{row.currency}</Table.Td>}
                {figures(row.values, row.currency)}
              </Table.Tr>
            ))}
        </Table.Tbody>
        <Table.Tfoot>
          {preview.totals.map((total) => (
            <Table.Tr key={total.currency ?? 'all'} fw={700} aria-label={`Total${total.currency ? ` ${total.currency}` : ''}`}>
              {preview.dimensions.map((d, i) => (
                <Table.Td key={d.key}>{i === 0 ? 'Total' : ''}</Table.Td>
              ))}
              {withCurrency && <Table.Td>{total.currency}</Table.Td>}
              {figures(total.values, total.currency)}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
