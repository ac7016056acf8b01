import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { ListState } from './list-state';

/** The search box of a list page, wired to its list state (a new search goes back to page 1). */
export function ListSearch({ list, placeholder, width = 240 }: { list: ListState; placeholder: string; width?: number }) {
  return (
    <TextInput
      label="Search"
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={list.search}
      onChange={(e) => list.setSearch(e.currentTarget.value)}
      w={width}
    />
  );
}
