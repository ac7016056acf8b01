import { useState } from 'react';
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gridKeys, listGridFeeds } from '../../api/grid';
import { useSession } from '../../auth/session';
import { notifications } from '@mantine/notifications';
import {
  type LoadManagementSettings,
  type LoadManagementState,
  loadManagementKeys,
  saveLoadManagement,
} from '../../api/load-management';
import { applyServerErrors } from '../../components/form-errors';

const STRATEGIES = [
  { value: 'equal-share', label: 'Equal share: everyone the same, capped at what each car uses' },
  { value: 'priority', label: 'Priority: the listed ID-token groups first' },
  { value: 'first-come', label: 'First come: the earliest sessions first, everyone their minimum' },
];

/** The site's load management, for those with chargers:command: on or off, limit, strategy, supply. */
export function LoadSettingsForm({ state }: { state: LoadManagementState }) {
  const queryClient = useQueryClient();
  const { can } = useSession();
  const [unplaced, setUnplaced] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      ...state.settings,
      limitKw: state.settings.limitKw ?? '',
      gridFeedId: state.settings.gridFeedId ?? null,
      gridAlertReductionPercent: state.settings.gridAlertReductionPercent ?? 0,
      gridEmergencyReductionPercent: state.settings.gridEmergencyReductionPercent ?? 0,
      gridEmergencyPriorityOnly: state.settings.gridEmergencyPriorityOnly ?? false,
    },
  });
  const feeds = useQuery({ queryKey: gridKeys.feeds, queryFn: listGridFeeds, enabled: can('grid:read') });
  const feedOptions = [
    ...(feeds.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.name} (${f.organizationName})` })),
    ...(state.grid && !feeds.data?.items.some((f) => f.id === state.grid!.feedId)
      ? [{ value: state.grid.feedId, label: state.grid.feedName }]
      : []),
  ];
  const save = useMutation({
    mutationFn: (values: LoadManagementSettings) => saveLoadManagement(state.siteId, values),
    onSuccess: (saved) => {
      setUnplaced(null);
      queryClient.setQueryData(loadManagementKeys.site(state.siteId), saved);
      // The change is one of the history's events.
      void queryClient.invalidateQueries({ queryKey: [...loadManagementKeys.site(state.siteId), 'history'] });
      notifications.show({
        color: 'teal',
        message: saved.settings.enabled
          ? 'Load management is on: the sessions were given their limits'
          : 'Load management is off',
      });
    },
    onError: (error) => setUnplaced(applyServerErrors(form, error)),
  });
  const submit = form.onSubmit((values) =>
    save.mutate({
      ...values,
      limitKw: values.limitKw === '' ? null : String(values.limitKw),
      gridAlertReductionPercent: Number(values.gridAlertReductionPercent),
      gridEmergencyReductionPercent: Number(values.gridEmergencyReductionPercent),
    }),
  );
  const grid = state.gridLimitKw === null ? 'none set' : `${state.gridLimitKw} kW`;

  return (
    <Paper withBorder p="md" component="section" aria-label="Load management settings">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Load management
          </Title>
          <Switch label="Keep this site under its limit" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <TextInput
            label="Operating limit (kW)"
            description={`Leave empty to use the grid connection limit (${grid}).`}
            inputMode="decimal"
            {...form.getInputProps('limitKw')}
          />
          <Select label="Strategy" data={STRATEGIES} allowDeselect={false} {...form.getInputProps('strategy')} />
          {form.values.strategy === 'priority' && (
            <TagsInput
              label="Priority groups, highest first"
              description="ID-token groups (a fleet, a department) served before everyone else."
              {...form.getInputProps('priorityGroups')}
            />
          )}
          <TextInput
            label="Minimum power per session (kW)"
            description="A session that cannot get this much is paused rather than starved."
            inputMode="decimal"
            {...form.getInputProps('minimumKw')}
          />
          <Group grow align="flex-start">
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Phases
              </Text>
              <SegmentedControl
                data={[
                  { value: '1', label: '1 phase' },
                  { value: '3', label: '3 phases' },
                ]}
                value={String(form.values.phases)}
                onChange={(v) => form.setFieldValue('phases', v === '1' ? 1 : 3)}
                aria-label="Phases"
              />
            </Stack>
            <NumberInput label="Voltage to neutral (V)" min={100} max={480} {...form.getInputProps('voltageV')} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Send limits in
              </Text>
              <SegmentedControl
                data={[
                  { value: 'A', label: 'Amperes' },
                  { value: 'W', label: 'Watts' },
                ]}
                value={form.values.rateUnit}
                onChange={(v) => form.setFieldValue('rateUnit', v === 'W' ? 'W' : 'A')}
                aria-label="Send limits in"
              />
            </Stack>
          </Group>
          <Select
            label="Grid feed"
            description="The grid whose health this site answers: in an alert or emergency its limit is lowered."
            placeholder="None"
            data={feedOptions}
            clearable
            {...form.getInputProps('gridFeedId')}
          />
          {form.values.gridFeedId && (
            <Group grow align="flex-start">
              <NumberInput
                label="In a grid alert, lower by (%)"
                min={0}
                max={100}
                {...form.getInputProps('gridAlertReductionPercent')}
              />
              <NumberInput
                label="In an emergency, lower by (%)"
                min={0}
                max={100}
                {...form.getInputProps('gridEmergencyReductionPercent')}
              />
              <Switch
                mt="lg"
                label="In an emergency, only priority groups charge"
                {...form.getInputProps('gridEmergencyPriorityOnly', { type: 'checkbox' })}
              />
            </Group>
          )}
          {unplaced && (
            <Alert color="red" title="Could not save">
              {unplaced}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
