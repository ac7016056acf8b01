import { useMemo, useState } from 'react';
import type { SortingState } from '@tanstack/react-table';
import { useDebouncedValue } from '@mantine/hooks';
import type { ListParams } from '../api/types';

/** Search, sort and paging of one list page; any change of search, sort or size goes back to page 1. */
export function useListState(defaultSort: SortingState = [], defaultPageSize = 20) {
  const [search, setSearchRaw] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sorting, setSortingRaw] = useState<SortingState>(defaultSort);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSizeRaw] = useState(defaultPageSize);

  const params: ListParams = useMemo(() => {
    const sort = sorting[0];
    return { page, pageSize, q: q || undefined, sort: sort?.id, order: sort ? (sort.desc ? 'desc' : 'asc') : undefined };
  }, [page, pageSize, q, sorting]);

  const setSorting = (value: SortingState) => {
    setSortingRaw(value);
    setPage(1);
  };
  const setPageSize = (value: number) => {
    setPageSizeRaw(value);
    setPage(1);
  };

  return {
    search,
    setSearch: (value: string) => {
      setSearchRaw(value);
      setPage(1);
    },
    sorting,
    setSorting,
    page,
    setPage,
    pageSize,
    setPageSize,
    /** Spread into <DataTable>: paging and sorting wired to this state. */
    tableProps: { page, pageSize, sorting, onSortingChange: setSorting, onPageChange: setPage, onPageSizeChange: setPageSize },
    resetPage: () => setPage(1),
    params,
  };
}

export type ListState = ReturnType<typeof useListState>;
