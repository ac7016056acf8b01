import { Suspense, lazy, useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconDownload, IconTable } from '@tabler/icons-react';
import { type ReportDefinition, downloadReportCsv, getReportCatalogue, previewReport, reportKeys } from '../../api/reports';
import { useSelectedOrganization } from '../../components/organization-scope';
import { useSiteOptions } from '../../components/site-options';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';
import { type BuilderValues, INITIAL_BUILDER, ReportBuilder, builderError } from './ReportBuilder';
import { chartCurrencies, periodLabel, reportChartOption } from './report-figures';
import { ReportTable } from './ReportTable';

// ECharts is large: loaded only when a chart is shown.
const EChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

function definitionOf(values: BuilderValues, organizationId: string | null): ReportDefinition {
  const status = values.status as 'active' | 'completed' | 'flagged' | null;
  return {
    dimensions: values.dimensions,
    metrics: values.metrics,
    period:
      values.period === 'fixed'
        ? { from: values.from, to: values.to }
        : { relative: values.period as 'last7Days' | 'last30Days' | 'lastMonth' | 'thisMonth' | 'thisYear' },
    filter: {
      ...(organizationId ? { organizationId: [organizationId] } : {}),
      ...(values.siteId ? { siteId: values.siteId } : {}),
      ...(status ? { status } : {}),
    },
    ...(values.limit === '' ? {} : { limit: values.limit }),
  };
}

/** Self-service reports: choose dimensions, metrics, a period and filters; preview with totals and a chart; download the CSV. */
export function ReportsPage() {
  const [org] = useSelectedOrganization();
  const [values, setValues] = useState<BuilderValues>(INITIAL_BUILDER);
  const [definition, setDefinition] = useState<ReportDefinition | null>(null);
  const [downloading, setDownloading] = useState(false);
  const sites = useSiteOptions(org);
  const catalogue = useQuery({ queryKey: reportKeys.catalogue, queryFn: getReportCatalogue });
  const preview = useQuery({
    queryKey: reportKeys.preview(definition ?? ({} as ReportDefinition)),
    queryFn: () => previewReport(definition!),
    enabled: definition !== null,
  });

  const download = async () => {
    if (!definition || !preview.data) return;
    setDownloading(true);
    try {
      const { from, to } = preview.data.period;
      await downloadReportCsv(definition, `report-${from}-${to}.csv`);
    } catch (error) {
      notifications.show({ color: 'red', title: 'The download failed', message: errorMessage(error) });
    } finally {
      setDownloading(false);
    }
  };

  if (catalogue.isError) return <ErrorAlert error={catalogue.error} title="Reports are not available" />;
  if (!catalogue.data) return <Loading label="Loading reports" />;
  // Only what the server offers this role (no money without finance:read): the defaults included.
  const offered = new Set(catalogue.data.metrics.map((m) => m.key));
  const current = { ...values, metrics: values.metrics.filter((m) => offered.has(m)) };
  const invalid = builderError(current);
  return (
    <Stack>
      <Title order={1}>Reports</Title>
      <Paper withBorder p="md" radius="md" component="section" aria-label="Report definition">
        <ReportBuilder
          catalogue={catalogue.data}
          values={current}
          onChange={(change) => setValues((v) => ({ ...v, ...change }))}
          siteOptions={sites.options}
        />
        <Group mt="md">
          <Button
            leftSection={<IconTable size={16} />}
            disabled={invalid !== null}
            onClick={() => setDefinition(definitionOf(current, org))}
          >
            Preview
          </Button>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            disabled={!preview.data || downloading}
            loading={downloading}
            onClick={() => void download()}
          >
            Download CSV
          </Button>
          {invalid && (
            <Text size="sm" c="dimmed">
              {invalid}
            </Text>
          )}
        </Group>
      </Paper>
      {preview.isError && <ErrorAlert error={preview.error} title="The report could not be built" />}
      {preview.isFetching && !preview.data && <Loading label="Building the report" />}
      {preview.data && (
        <Paper withBorder p="md" radius="md" component="section" aria-label="Report preview">
          <Text size="sm" mb="xs">
            Period: <b>{periodLabel(preview.data.period)}</b>; each session counts on the day, week and hour it started, on its
            organization’s clock.
          </Text>
          {preview.data.truncated && (
            <Alert color="yellow" mb="xs">
              Only the top rows are shown; the totals count every matching session.
            </Alert>
          )}
          <Suspense fallback={<Loading label="Loading the chart" />}>
            {chartCurrencies(preview.data).map((currency) => {
              const option = reportChartOption(preview.data, currency);
              const metric = preview.data.metrics[0]?.label ?? '';
              const by = preview.data.dimensions[0]?.label ?? 'report';
              return (
                option && (
                  <EChart
                    key={currency ?? 'all'}
                    option={option}
                    label={`${metric}${currency ? ` in ${currency}` : ''} by ${by}`}
                  />
                )
              );
            })}
          </Suspense>
          <ReportTable preview={preview.data} />
        </Paper>
      )}
    </Stack>
  );
}
