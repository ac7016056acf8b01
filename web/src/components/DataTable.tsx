import type { ReactNode } from 'react';
import {
  type CellContext,
  type ColumnDef,
  type SortingState,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { Center, Group, Pagination, Select, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { Loading } from './states';
import { paginationLabels } from './paging';

export const PAGE_SIZES = ['10', '20', '50'];

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T>[];
  /** Every row across pages, from the API's `total`. */
  total: number;
  page: number;
  pageSize: number;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
  getRowId: (row: T) => string;
  loading?: boolean;
  caption: string;
  emptyText?: string;
  /** Below this width the table scrolls horizontally instead of squeezing. */
  minWidth?: number;
}

/**
 * Cell renderers are called, not mounted as components (what flexRender does with a function): pages
 * declare them inline, so each render brings new functions, and as component types they would remount
 * every cell on every render — an open select in a row lost its options under the pointer.
 */
function renderCell<T>(def: ColumnDef<T>['cell'], context: CellContext<T, unknown>): ReactNode {
  return typeof def === 'function' ? (def(context) as ReactNode) : flexRender(def, context);
}

/** Click cycle per column: ascending → descending → unsorted. */
function nextSorting(id: string, current: false | 'asc' | 'desc'): SortingState {
  if (current === false) return [{ id, desc: false }];
  if (current === 'asc') return [{ id, desc: true }];
  return [];
}

/** Server-side sorted and paginated table: the API does the work, the table shows one page. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { data, columns, total, page, pageSize, sorting, loading } = props;
  const table = useReactTable({
    data,
    columns,
    getRowId: props.getRowId,
    state: { sorting },
    manualSorting: true,
    manualPagination: true,
    getCoreRowModel: getCoreRowModel(),
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);

  return (
    <>
      <Table.ScrollContainer minWidth={props.minWidth ?? 720} type="native">
        <Table striped highlightOnHover verticalSpacing="xs" captionSide="top">
          <caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
            {props.caption}
          </caption>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  // Sorting is done by the API, so columns need no accessor: a column sorts unless it opts out.
                  const sortable = header.column.columnDef.enableSorting !== false;
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <Table.Th
                      key={header.id}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {sortable ? (
                        <UnstyledButton
                          onClick={() => props.onSortingChange(nextSorting(header.column.id, sorted))}
                          fw={600}
                          fz="sm"
                        >
                          <Group gap={4} wrap="nowrap">
                            {label}
                            {sorted === 'asc' ? (
                              <IconArrowUp size={14} aria-hidden />
                            ) : sorted === 'desc' ? (
                              <IconArrowDown size={14} aria-hidden />
                            ) : (
                              <IconArrowsSort size={14} opacity={0.4} aria-hidden />
                            )}
                          </Group>
                        </UnstyledButton>
                      ) : (
                        label
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>{renderCell(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {loading && data.length === 0 && <Loading />}
      {!loading && data.length === 0 && (
        <Center py="lg">
          <Text c="dimmed">{props.emptyText ?? 'Nothing matches.'}</Text>
        </Center>
      )}
      <Group justify="space-between" mt="sm" gap="sm">
        <Group gap="xs">
          <Select
            label="Rows per page"
            size="xs"
            w={120}
            data={PAGE_SIZES}
            value={String(pageSize)}
            allowDeselect={false}
            onChange={(value) => props.onPageSizeChange(Number(value ?? 20))}
          />
          <Text size="sm" c="dimmed" mt={22} aria-live="polite">
            {first}–{last} of {total}
          </Text>
        </Group>
        <Pagination total={pages} value={page} onChange={props.onPageChange} size="sm" siblings={1} {...paginationLabels} />
      </Group>
    </>
  );
}
