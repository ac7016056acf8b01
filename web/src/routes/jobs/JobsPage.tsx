import { useState } from 'react';
import { Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type Job, type JobFilter, type JobStatus, jobKeys, jobSummary, listJobs, retryJob } from '../../api/jobs';
import { useSession } from '../../auth/session';
import { DataTable } from '../../components/DataTable';
import { useRowActions } from '../../components/row-actions';
import { ErrorAlert } from '../../components/states';
import { formatDateTime } from '../../format';
import { STATUS_COLORS, STATUS_LABELS, formatWait, totalsByStatus } from './job-figures';
import { useServerPaging } from '../../components/paging';

/** Platform jobs have no site or organization clock: they are shown in the viewer's zone, named. */
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const at = (iso: string | null) => formatDateTime(iso, viewerZone);

type Shown = JobStatus | 'all';
const FILTERS: { value: Shown; label: string }[] = [
  { value: 'failed', label: 'Failed' },
  { value: 'queued', label: 'Waiting' },
  { value: 'running', label: 'Running' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
];

function columns(canRetry: boolean, retry: (job: Job) => void): ColumnDef<Job>[] {
  return [
    {
      id: 'job',
      header: 'Job',
      enableSorting: false,
      cell: ({ row }) => (
        <div>
          <Text size="sm">{row.original.description}</Text>
          <Text size="xs" c="dimmed">
            #{row.original.id} · {row.original.organizationName ?? 'Platform'}
          </Text>
        </div>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      cell: ({ row }) => (
        <Badge color={STATUS_COLORS[row.original.status]} variant="light" miw="max-content">
          {STATUS_LABELS[row.original.status]}
        </Badge>
      ),
    },
    {
      id: 'attempts',
      header: 'Attempts',
      enableSorting: false,
      cell: ({ row }) => `${row.original.attempts} of ${row.original.maxAttempts}`,
    },
    {
      id: 'when',
      header: 'When',
      enableSorting: false,
      cell: ({ row }) => {
        const job = row.original;
        const [label, value] =
          job.status === 'queued'
            ? [job.attempts > 0 ? 'Next attempt' : 'Due', job.runAt]
            : job.status === 'running'
              ? ['Started', job.updatedAt]
              : ['Finished', job.finishedAt];
        return (
          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
            {label} {at(value)}
          </Text>
        );
      },
    },
    {
      id: 'error',
      header: 'Last error',
      enableSorting: false,
      cell: ({ row }) => (
        <Text size="sm" c={row.original.lastError ? 'red.8' : 'dimmed'} style={{ wordBreak: 'break-word' }}>
          {row.original.lastError ?? '—'}
        </Text>
      ),
    },
    {
      id: 'actions',
      header: '',
      enableSorting: false,
      cell: ({ row }) =>
        canRetry && row.original.status === 'failed' ? (
          <Button size="xs" variant="light" onClick={() => retry(row.original)}>
            Retry
          </Button>
        ) : null,
    },
  ];
}

function Tile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="xl">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The durable job queue for platform operators: what waits, what failed and why, and Retry. */
export function JobsPage() {
  const { can } = useSession();
  const [shown, setShown] = useState<Shown>('failed');
  const paging = useServerPaging();
  const { page, pageSize, setPage } = paging;
  const filter: JobFilter = { page, pageSize, ...(shown === 'all' ? {} : { status: shown }) };
  const list = useQuery({
    queryKey: jobKeys.list(filter),
    queryFn: () => listJobs(filter),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const summary = useQuery({ queryKey: jobKeys.summary, queryFn: jobSummary, refetchInterval: 5000 });
  const actions = useRowActions(jobKeys.all);
  const totals = totalsByStatus(summary.data?.items ?? []);
  const retry = (job: Job) =>
    void actions.perform({
      confirm: { message: `Run “${job.description}” again, with all its attempts? Fix its cause first.`, label: 'Retry' },
      run: () => retryJob(job.id),
      done: `Job #${job.id} is queued again`,
    });

  return (
    <Stack>
      <Title order={1}>Background jobs</Title>
      <Text size="sm" c="dimmed">
        Work the system does after a change is saved — settling each charging session when it stops. A job that fails is retried
        with growing pauses; one that runs out of attempts is kept here as failed. Times are in {viewerZone}.
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Tile label="Failed" value={String(totals.jobs.failed)} hint="out of attempts" />
        <Tile label="Waiting" value={String(totals.jobs.queued)} hint={`longest wait ${formatWait(totals.oldestWaitSeconds)}`} />
        <Tile label="Running" value={String(totals.jobs.running)} />
        <Tile label="Done" value={String(totals.jobs.done)} hint="kept for a week" />
      </SimpleGrid>
      {summary.isError && <ErrorAlert error={summary.error} />}
      <Group>
        <SegmentedControl
          aria-label="Show jobs"
          data={FILTERS}
          value={shown}
          onChange={(value) => {
            setShown(value as Shown);
            setPage(1);
          }}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      {actions.error && <ErrorAlert error={new Error(actions.error)} title="Could not retry the job" />}
      <DataTable
        caption="Background jobs"
        data={list.data?.items ?? []}
        columns={columns(can('jobs:write'), retry)}
        total={list.data?.total ?? 0}
        {...paging.tableProps}
        getRowId={(job) => String(job.id)}
        loading={list.isLoading}
        minWidth={900}
        emptyText={shown === 'failed' ? 'No failed jobs. Everything that was owed has been done.' : 'No jobs here.'}
      />
    </Stack>
  );
}
