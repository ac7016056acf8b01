import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { type Campaign, createCampaign, updateCampaign } from '../../api/campaigns';
import { listSites } from '../../api/sites';
import { useWholeOrganizationScope } from '../../auth/whole-organization';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations } from '../../components/organization-scope';
import { zoneName } from '../../format';
import { type CampaignValues, formField, payloadOf, validateCampaign, valuesOf } from './campaign-form-values';

interface Props {
  /** null: a new campaign. */
  campaign: Campaign | null;
  organizationId: string | null;
  readOnly: boolean;
  onClose: () => void;
  onSaved: (campaign: Campaign) => void;
}

export function CampaignFormModal({ campaign, organizationId, readOnly, onClose, onSaved }: Props) {
  const { organizations, byId } = useOrganizations();
  // A role limited to sites runs campaigns on its sites only: the site is required, never "every site".
  const wholeOrganization = useWholeOrganizationScope();
  const currencyOf = (orgId: string) => byId.get(orgId)?.currency ?? 'LKR';
  const form = useForm<CampaignValues>({
    initialValues: valuesOf(campaign, organizationId, currencyOf(campaign?.organizationId ?? organizationId ?? '')),
    validate: (v) => ({
      ...validateCampaign(v, currencyOf(v.organizationId)),
      ...(!wholeOrganization && !v.siteId ? { siteId: 'Choose one of your sites' } : {}),
    }),
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const orgId = form.values.organizationId;
  const currency = currencyOf(orgId);
  const sites = useQuery({
    queryKey: ['sites', 'list', { organizationId: orgId, pageSize: 200 }],
    queryFn: () => listSites({ organizationId: orgId, pageSize: 200 }),
    enabled: !!orgId,
  });

  const save = async (values: CampaignValues) => {
    setBusy(true);
    setError(null);
    try {
      const body = payloadOf(values, currency);
      const saved = campaign
        ? await updateCampaign(campaign.id, body)
        : await createCampaign({ ...body, organizationId: values.organizationId });
      onSaved(saved);
    } catch (e) {
      setError(applyServerErrors(form, e, formField));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={campaign ? (readOnly ? campaign.name : `Edit ${campaign.name}`) : 'New campaign'}
      size="lg"
    >
      <form onSubmit={form.onSubmit((v) => void save(v))} noValidate>
        <Stack>
          <Select
            label="Organization"
            data={organizations.map((o) => ({ value: o.id, label: o.name }))}
            disabled={readOnly || !!campaign}
            searchable
            required
            {...form.getInputProps('organizationId')}
          />
          <TextInput label="Name" required disabled={readOnly} {...form.getInputProps('name')} />
          <Select
            label="Site"
            description={
              wholeOrganization
                ? 'Empty: every site of the organization. A site campaign wins over organization-wide ones.'
                : 'Your role reaches only some sites, so a campaign runs on one of them.'
            }
            data={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            required={!wholeOrganization}
            clearable={wholeOrganization}
            disabled={readOnly || !orgId}
            value={form.values.siteId || null}
            onChange={(value) => form.setFieldValue('siteId', value ?? '')}
            error={form.errors.siteId}
          />
          <SegmentedControl
            aria-label="Kind of discount"
            disabled={readOnly}
            data={[
              { value: 'percent', label: 'Percentage off' },
              { value: 'fixed', label: 'Fixed amount off' },
            ]}
            {...form.getInputProps('kind')}
          />
          {form.values.kind === 'percent' ? (
            <TextInput
              label="Percent off"
              rightSection="%"
              inputMode="decimal"
              required
              disabled={readOnly}
              {...form.getInputProps('percent')}
            />
          ) : (
            <TextInput
              label={`Amount off (${currency})`}
              inputMode="decimal"
              required
              disabled={readOnly}
              {...form.getInputProps('fixedAmount')}
            />
          )}
          <Group grow>
            <TextInput
              label="Valid from"
              description={`On your clock (${zoneName(undefined)})`}
              type="datetime-local"
              required
              disabled={readOnly}
              {...form.getInputProps('validFrom')}
            />
            <TextInput
              label="Valid until"
              description={`Empty: open-ended; on your clock (${zoneName(undefined)})`}
              type="datetime-local"
              disabled={readOnly}
              {...form.getInputProps('validTo')}
            />
          </Group>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {readOnly ? 'Close' : 'Cancel'}
            </Button>
            {!readOnly && (
              <Button type="submit" loading={busy}>
                {campaign ? 'Save campaign' : 'Create campaign'}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
