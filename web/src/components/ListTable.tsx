import { Alert, Select } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Page } from '../api/types';
import { DataTable, type DataTableProps } from './DataTable';
import type { ListState } from './list-state';
import { ErrorAlert } from './states';

type TableOptions<T> = Pick<DataTableProps<T>, 'columns' | 'getRowId' | 'caption' | 'emptyText' | 'minWidth'>;

export interface ListTableProps<T> extends TableOptions<T> {
  /** One page of the list, as the API returns it. */
  query: UseQueryResult<Page<T>>;
  list: ListState;
  /** What the last row action (delete, block, …) could not do, shown above the table until dismissed. */
  actionError?: string | null;
  onDismissError?: () => void;
}

/** A list page's table: the failed row action, the load error, and one page of rows with paging and sorting. */
export function ListTable<T>({ query, list, actionError, onDismissError, ...table }: ListTableProps<T>) {
  return (
    <>
      {actionError && (
        <Alert color="red" role="alert" withCloseButton onClose={onDismissError}>
          {actionError}
        </Alert>
      )}
      {query.isError && <ErrorAlert error={query.error} />}
      <DataTable
        data={query.data?.items ?? []}
        total={query.data?.total ?? 0}
        {...list.tableProps}
        loading={query.isLoading}
        {...table}
      />
    </>
  );
}

/** The value of a filter's "all" choice. */
export const ALL = 'all';

export interface ChoiceFilterProps {
  label: string;
  width: number;
  /** The label of the default choice, ALL ("All", "Any validity", …). */
  all: string;
  /** value → label of the other choices. */
  choices: Record<string, string>;
  value: string;
  onChange: (value: string) => void;
  list: ListState;
}

/** A filter above a list: one choice always selected (ALL by default); changing it goes back to page 1. */
export function ChoiceFilter({ label, width, all, choices, value, onChange, list }: ChoiceFilterProps) {
  return (
    <Select
      label={label}
      w={width}
      data={[{ value: ALL, label: all }, ...Object.entries(choices).map(([choice, text]) => ({ value: choice, label: text }))]}
      value={value}
      allowDeselect={false}
      onChange={(next) => {
        onChange(next ?? ALL);
        list.resetPage();
      }}
    />
  );
}
