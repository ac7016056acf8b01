import { useState } from 'react';
import { notifications } from '@mantine/notifications';
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useConfirm } from './confirm';
import { errorMessage } from './states';

export interface RowAction {
  /** Asked first; declining does nothing. */
  confirm?: { message: string; label: string };
  run: () => Promise<unknown>;
  /** Shown when it worked. */
  done: string;
}

/**
 * The row buttons of a list page (delete, block, disable, …): confirm, run, tell, reload the list.
 * What failed stays in `error` (shown above the table by ListTable) until dismissed or the next action.
 */
export function useRowActions(listKey: QueryKey) {
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const perform = async (action: RowAction) => {
    if (action.confirm && !(await confirm(action.confirm.message, { confirmLabel: action.confirm.label }))) return;
    setError(null);
    try {
      await action.run();
      notifications.show({ color: 'teal', message: action.done });
      await queryClient.invalidateQueries({ queryKey: listKey });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return { perform, error, dismiss: () => setError(null) };
}
