import type { SortingState } from '@tanstack/react-table';
import { useState } from 'react';

const SERVER_ORDER: SortingState = [];

/**
 * The page and page size of a table the server pages in its own order (newest first), and the
 * DataTable props that drive them: a new page size starts again at page 1.
 */
export function useServerPaging(initialPageSize = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  return {
    page,
    pageSize,
    setPage,
    tableProps: {
      page,
      pageSize,
      sorting: SERVER_ORDER,
      onSortingChange: () => undefined,
      onPageChange: setPage,
      onPageSizeChange: (size: number) => {
        setPageSize(size);
        setPage(1);
      },
    },
  };
}

/** Names for Mantine Pagination's buttons, which are icons or bare numbers: "Page 3", "Next page". */
export const paginationLabels = {
  getItemProps: (page: number) => ({ 'aria-label': `Page ${page}` }),
  getControlProps: (control: 'first' | 'previous' | 'last' | 'next') => ({
    'aria-label': control === 'next' ? 'Next page' : control === 'previous' ? 'Previous page' : `${control} page`,
  }),
};
