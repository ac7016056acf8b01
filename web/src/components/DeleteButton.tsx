import { Button } from '@mantine/core';

/** The red "Delete" of a table row; its accessible name says what it deletes. */
export function DeleteButton({ name, onDelete }: { name: string; onDelete: () => void }) {
  return (
    <Button size="xs" variant="subtle" color="red" onClick={onDelete} aria-label={`Delete ${name}`}>
      Delete
    </Button>
  );
}
