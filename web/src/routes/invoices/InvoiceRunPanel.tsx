import { useEffect, useState } from 'react';
import { Alert, Button, Group, List, Paper, Progress, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconFiles } from '@tabler/icons-react';
import { type InvoiceRun, getInvoiceRun, invoiceKeys, listInvoiceRuns, startInvoiceRun } from '../../api/invoices';
import { useConfirm } from '../../components/confirm';
import { errorMessage } from '../../components/states';
import { formatDateTime } from '../../format';

const POLL_MS = 1000;

function progressOf(run: InvoiceRun): number {
  if (run.total === 0) return run.status === 'running' ? 0 : 100;
  return Math.round(((run.generated + run.skipped + run.failed) * 100) / run.total);
}

function summaryOf(run: InvoiceRun): string {
  const done = run.generated + run.skipped + run.failed;
  const counts = `${run.generated} generated, ${run.skipped} skipped, ${run.failed} failed`;
  if (run.status === 'running') return `Generating… ${done} of ${run.total} organizations (${counts})`;
  if (run.status === 'failed') return `The run stopped after ${done} of ${run.total} organizations (${counts})`;
  return `Finished ${formatDateTime(run.finishedAt)}: ${run.total} organizations — ${counts}`;
}

/** "Generate all closed periods": starts a bulk run and follows its counters with a progress bar. */
export function InvoiceRunPanel() {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useQuery({ queryKey: ['invoices', 'runs', 'latest'], queryFn: () => listInvoiceRuns(1) });
  const latestRunning = latest.data?.items.find((r) => r.status === 'running');
  const id = runId ?? latestRunning?.id ?? null;
  const run = useQuery({
    queryKey: invoiceKeys.run(id ?? ''),
    queryFn: () => getInvoiceRun(id ?? ''),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? POLL_MS : false),
  });
  const current = run.data;
  const status = current?.status;

  useEffect(() => {
    if (status && status !== 'running') void queryClient.invalidateQueries({ queryKey: ['invoices', 'list'] });
  }, [status, queryClient]);

  const start = async () => {
    if (
      !(await confirm('Generate a draft for every organization whose billing period has closed and has no invoice yet?', {
        confirmLabel: 'Generate drafts',
        danger: false,
      }))
    )
      return;
    setError(null);
    try {
      const started = await startInvoiceRun();
      setRunId(started.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const running = status === 'running';
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Text fw={600}>Bulk invoicing</Text>
            <Text size="sm" c="dimmed">
              Drafts for every organization whose billing period has closed and has no invoice yet.
            </Text>
          </div>
          <Button
            variant="light"
            leftSection={<IconFiles size={16} aria-hidden />}
            onClick={() => void start()}
            loading={running}
            disabled={running}
          >
            Generate all closed periods
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {current && (
          <>
            <Progress
              value={progressOf(current)}
              animated={running}
              color={current.failed > 0 || current.status === 'failed' ? 'orange' : 'teal'}
              aria-label="Bulk invoicing progress"
            />
            <Text size="sm" aria-live="polite">
              {summaryOf(current)}
            </Text>
            {current.errors.length > 0 && (
              <List size="sm" c="red">
                {current.errors.slice(0, 5).map((e) => (
                  <List.Item key={e.organizationId}>{e.message}</List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
