import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { listChargers } from '../../api/chargers';
import { listSites } from '../../api/sites';
import { type AssignmentLevel, type Tariff, createTariff, getTariff, tariffKeys, updateTariff } from '../../api/tariffs';
import { useSession } from '../../auth/session';
import { useWholeOrganizationScope } from '../../auth/whole-organization';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations, useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { ElementsEditor } from './ElementsEditor';
import { SiteClockNote } from './SiteClockNote';
import { TariffPreview } from './TariffPreview';
import { TariffSummaryCard } from './TariffSummaryCard';
import { DECIMAL, type TariffValues, elementsOf, payloadOf, valuesOf } from './tariff-form-values';
import { LEVEL_LABELS } from './TariffsPage';
import { zoneName } from '../../format';

const LEVELS = (Object.keys(LEVEL_LABELS) as AssignmentLevel[]).map((value) => ({ value, label: LEVEL_LABELS[value] }));
/** A role limited to sites prices only its sites and chargers: no organization-wide tariffs. */
const SITE_LEVELS = LEVELS.filter((level) => level.value !== 'organization');
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function TariffEditorPage() {
  const { id } = useParams();
  const query = useQuery({ queryKey: tariffKeys.detail(id ?? ''), queryFn: () => getTariff(id ?? ''), enabled: !!id });
  if (id && query.isLoading) return <Loading />;
  if (id && query.isError) return <ErrorAlert error={query.error} />;
  return <TariffEditor key={id ?? 'new'} tariff={query.data ?? null} />;
}

function TariffEditor({ tariff }: { tariff: Tariff | null }) {
  const { can } = useSession();
  const readOnly = !can('finance:write');
  const wholeOrganization = useWholeOrganizationScope();
  const navigate = useNavigate();
  const orgLink = useOrgLink();
  const queryClient = useQueryClient();
  const { organizations, byId } = useOrganizations();
  const [selectedOrg] = useSelectedOrganization();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const initialOrg = tariff?.organizationId ?? selectedOrg;
  const form = useForm<TariffValues>({
    initialValues: {
      ...valuesOf(tariff, initialOrg, (initialOrg && byId.get(initialOrg)?.currency) || ''),
      ...(!tariff && !wholeOrganization ? { level: 'site' as const } : {}),
    },
    validate: {
      organizationId: (v) => (v ? null : 'Choose the organization'),
      name: (v) => (v.trim() ? null : 'Enter a name'),
      currency: (v) => (/^[A-Za-z]{3}$/.test(v.trim()) ? null : 'ISO 4217 code, e.g. LKR'),
      validFrom: (v) => (v ? null : 'When does it start?'),
      siteId: (v, values) => (values.level === 'site' && !v ? 'Choose the site' : null),
      chargerId: (v, values) =>
        (values.level === 'charger' || values.level === 'connector') && !v ? 'Choose the charger' : null,
      elements: {
        components: { price: (v) => (DECIMAL.test(v.trim()) ? null : 'A price ≥ 0, e.g. 90.00') },
        startTime: (v) => (v === '' || TIME.test(v) ? null : 'HH:MM'),
        endTime: (v) => (v === '' || TIME.test(v) ? null : 'HH:MM'),
      },
    },
  });
  const orgId = form.values.organizationId;
  const currency = form.values.currency.trim().toUpperCase();
  const elements = useMemo(() => elementsOf(form.values.elements), [form.values.elements]);
  const sites = useQuery({
    queryKey: ['sites', 'list', { organizationId: orgId, pageSize: 200 }],
    queryFn: () => listSites({ organizationId: orgId ?? undefined, pageSize: 200 }),
    enabled: !!orgId && can('sites:read') && form.values.level === 'site',
  });
  const chargers = useQuery({
    queryKey: ['chargers', 'list', { organizationId: orgId, pageSize: 200 }],
    queryFn: () => listChargers({ organizationId: orgId ?? undefined, pageSize: 200 }),
    enabled: !!orgId && can('chargers:read') && (form.values.level === 'charger' || form.values.level === 'connector'),
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const fields = payloadOf(values);
      const saved = tariff
        ? await updateTariff(tariff.id, fields)
        : await createTariff({ ...fields, organizationId: values.organizationId ?? '' });
      notifications.show({ color: 'teal', message: `Tariff “${saved.name}” saved (version ${saved.version})` });
      await queryClient.invalidateQueries({ queryKey: tariffKeys.all });
      void navigate(orgLink(`/tariffs/${saved.id}`));
    } catch (e) {
      setError(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Stack>
      <Title order={1}>{tariff ? `Tariff ${tariff.name}` : 'New tariff'}</Title>
      <SiteClockNote />
      <TariffSummaryCard elements={elements} currency={currency} />
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="Organization"
              required
              searchable
              disabled={!!tariff || readOnly}
              data={organizations.map((o) => ({ value: o.id, label: o.name }))}
              {...form.getInputProps('organizationId')}
              onChange={(value) => {
                form.setFieldValue('organizationId', value);
                const currency = value ? byId.get(value)?.currency : undefined;
                if (currency) form.setFieldValue('currency', currency);
              }}
            />
            <TextInput label="Name" required readOnly={readOnly} {...form.getInputProps('name')} />
            <TextInput
              label="Currency"
              required
              maxLength={3}
              readOnly={readOnly}
              description="The organization’s"
              {...form.getInputProps('currency')}
            />
            <Select
              label="Applies to"
              data={wholeOrganization || form.values.level === 'organization' ? LEVELS : SITE_LEVELS}
              allowDeselect={false}
              disabled={readOnly}
              {...form.getInputProps('level')}
            />
            {form.values.level === 'site' && (
              <Select
                label="Site"
                searchable
                disabled={readOnly}
                data={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
                {...form.getInputProps('siteId')}
              />
            )}
            {(form.values.level === 'charger' || form.values.level === 'connector') && (
              <Select
                label="Charger"
                searchable
                disabled={readOnly}
                data={(chargers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                {...form.getInputProps('chargerId')}
              />
            )}
            {form.values.level === 'connector' && (
              <NumberInput
                label="Connector ID"
                min={0}
                allowDecimal={false}
                disabled={readOnly}
                {...form.getInputProps('connectorId')}
              />
            )}
            <TextInput
              type="datetime-local"
              label="Valid from"
              description={`On your clock (${zoneName(undefined)})`}
              required
              readOnly={readOnly}
              {...form.getInputProps('validFrom')}
            />
            <TextInput
              type="datetime-local"
              label="Valid until"
              description={`Empty: open-ended; on your clock (${zoneName(undefined)})`}
              readOnly={readOnly}
              {...form.getInputProps('validTo')}
            />
          </SimpleGrid>
          <ElementsEditor form={form} readOnly={readOnly} currency={currency} />
          {!readOnly && (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate(orgLink('/tariffs'))}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                {tariff ? 'Save as new version' : 'Create tariff'}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <TariffPreview
        organizationId={form.values.organizationId}
        currency={currency}
        elements={() => elements}
        siteId={form.values.level === 'site' ? form.values.siteId : null}
        chargerId={form.values.level === 'charger' || form.values.level === 'connector' ? form.values.chargerId : null}
      />
    </Stack>
  );
}
