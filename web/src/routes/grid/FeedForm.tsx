import { useState } from 'react';
import {
  Accordion,
  Alert,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type GridFeed,
  type GridFeedChange,
  type GridFeedDetail,
  createGridFeed,
  gridKeys,
  updateGridFeed,
} from '../../api/grid';
import { DEFAULT_GRID_THRESHOLDS } from '../../api/server-tables.generated';
import { applyServerErrors } from '../../components/form-errors';
import { useOrganizations } from '../../components/organization-scope';

const MAPPED = [
  ['at', 'Timestamp'],
  ['frequencyHz', 'Frequency (Hz)'],
  ['demandMw', 'Demand (MW)'],
  ['generationMw', 'Generation (MW)'],
  ['reserveMarginPercent', 'Reserve margin (%)'],
  ['renewablePercent', 'Renewable share (%)'],
  ['carbonGPerKwh', 'Carbon intensity (g/kWh)'],
  ['thermalMw', 'Thermal (MW)'],
  ['hydroMw', 'Hydro (MW)'],
  ['solarMw', 'Solar (MW)'],
  ['windMw', 'Wind (MW)'],
] as const;

const THRESHOLDS = [
  ['frequencyAlertHz', 'Alert below (Hz)'],
  ['frequencyEmergencyHz', 'Emergency below (Hz)'],
  ['highFrequencyAlertHz', 'Alert above (Hz)'],
  ['highFrequencyEmergencyHz', 'Emergency above (Hz)'],
  ['reserveAlertPercent', 'Alert below reserve (%)'],
  ['reserveEmergencyPercent', 'Emergency below reserve (%)'],
  ['frequencyDeadbandHz', 'Frequency dead band (Hz)'],
  ['reserveDeadbandPercent', 'Reserve dead band (%)'],
  ['clearSeconds', 'Clear for (s) before improving'],
] as const;

type Mapping = Record<(typeof MAPPED)[number][0], string>;

/** Adds a feed (no `feed`) or changes one; for grid:write. */
export function FeedForm({ feed, onSaved }: { feed?: GridFeed; onSaved: (saved: GridFeedDetail) => void }) {
  const queryClient = useQueryClient();
  const { organizations } = useOrganizations();
  const [unplaced, setUnplaced] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      organizationId: feed?.organizationId ?? organizations[0]?.id ?? '',
      name: feed?.name ?? '',
      kind: feed?.kind ?? 'mqtt',
      enabled: feed?.enabled ?? true,
      url: feed?.settings.url ?? '',
      topic: feed?.settings.topic ?? '',
      username: feed?.settings.username ?? '',
      pollSeconds: feed?.settings.pollSeconds ?? 15,
      seed: feed?.settings.seed ?? 1,
      secret: '',
      staleAfterSeconds: feed?.staleAfterSeconds ?? 30,
      thresholds: feed?.thresholds ?? DEFAULT_GRID_THRESHOLDS,
      mapping: Object.fromEntries(MAPPED.map(([key]) => [key, feed?.mapping[key] ?? ''])) as Mapping,
    },
  });
  const save = useMutation({
    mutationFn: (body: GridFeedChange & { organizationId: string }) =>
      feed ? updateGridFeed(feed.id, body) : createGridFeed(body),
    onSuccess: (saved) => {
      setUnplaced(null);
      void queryClient.invalidateQueries({ queryKey: gridKeys.all });
      notifications.show({ color: 'teal', message: feed ? 'The feed was saved: it reconnects now' : 'The feed was added' });
      onSaved(saved);
    },
    onError: (error) => setUnplaced(applyServerErrors(form, error)),
  });
  const v = form.values;
  const submit = form.onSubmit((values) => {
    const settings =
      values.kind === 'mqtt'
        ? { url: values.url, topic: values.topic, ...(values.username ? { username: values.username } : {}) }
        : values.kind === 'http'
          ? { url: values.url, pollSeconds: Number(values.pollSeconds) }
          : { seed: Number(values.seed) };
    const mapping = Object.fromEntries(Object.entries(values.mapping).filter(([, path]) => path.trim() !== ''));
    save.mutate({
      organizationId: values.organizationId,
      name: values.name,
      kind: values.kind,
      enabled: values.enabled,
      settings,
      mapping,
      thresholds: values.thresholds,
      staleAfterSeconds: Number(values.staleAfterSeconds),
      ...(values.secret ? { secret: values.secret } : {}),
    });
  });

  return (
    <form onSubmit={submit} aria-label={feed ? 'Feed settings' : 'New grid feed'}>
      <Stack gap="sm">
        {!feed && organizations.length > 1 && (
          <Select
            label="Organization"
            data={organizations.map((o) => ({ value: o.id, label: o.name }))}
            allowDeselect={false}
            {...form.getInputProps('organizationId')}
          />
        )}
        <TextInput label="Name" placeholder="National grid" required {...form.getInputProps('name')} />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Source
          </Text>
          <SegmentedControl
            aria-label="Source"
            data={[
              { value: 'mqtt', label: 'MQTT' },
              { value: 'http', label: 'HTTP polling' },
              { value: 'simulated', label: 'Simulated' },
            ]}
            value={v.kind}
            onChange={(kind) => form.setFieldValue('kind', kind as GridFeed['kind'])}
          />
        </Stack>
        {v.kind === 'simulated' && (
          <NumberInput
            label="Seed"
            description="A national grid like Sri Lanka’s, computed from the time: the same seed gives the same grid."
            min={1}
            max={1_000_000}
            {...form.getInputProps('seed')}
          />
        )}
        {v.kind !== 'simulated' && (
          <TextInput
            label={v.kind === 'mqtt' ? 'Broker URL' : 'Endpoint URL'}
            placeholder={v.kind === 'mqtt' ? 'mqtt://broker.example:1883' : 'https://grid.example/api/now'}
            {...form.getInputProps('url')}
            error={form.errors.url ?? form.errors['settings.url']}
          />
        )}
        {v.kind === 'mqtt' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Topic"
              placeholder="grid/lk/readings"
              {...form.getInputProps('topic')}
              error={form.errors.topic ?? form.errors['settings.topic']}
            />
            <TextInput label="User name" {...form.getInputProps('username')} />
          </SimpleGrid>
        )}
        {v.kind === 'http' && <NumberInput label="Poll every (s)" min={1} max={3600} {...form.getInputProps('pollSeconds')} />}
        {v.kind !== 'simulated' && (
          <PasswordInput
            label={v.kind === 'mqtt' ? 'Password' : 'Authorization header'}
            description={
              feed?.hasSecret ? 'One is stored (encrypted). Leave empty to keep it.' : 'Stored encrypted; never shown again.'
            }
            autoComplete="new-password"
            {...form.getInputProps('secret')}
          />
        )}
        <NumberInput
          label="Stale after (s)"
          description="No reading for this long and the feed is shown as stale, never as healthy."
          min={5}
          max={86_400}
          {...form.getInputProps('staleAfterSeconds')}
        />
        <Accordion variant="contained">
          <Accordion.Item value="thresholds">
            <Accordion.Control>Health thresholds</Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {THRESHOLDS.map(([key, label]) => (
                  <NumberInput key={key} label={label} decimalScale={3} {...form.getInputProps(`thresholds.${key}`)} />
                ))}
              </SimpleGrid>
              {form.errors.thresholds && (
                <Text c="red" size="sm" mt="xs">
                  {form.errors.thresholds}
                </Text>
              )}
            </Accordion.Panel>
          </Accordion.Item>
          {v.kind !== 'simulated' && (
            <Accordion.Item value="mapping">
              <Accordion.Control>Field mapping</Accordion.Control>
              <Accordion.Panel>
                <Text size="sm" c="dimmed" mb="xs">
                  Where each value is in a message, as a dotted path (data.grid.hz). Empty: read under its own name.
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  {MAPPED.map(([key, label]) => (
                    <TextInput key={key} label={label} placeholder={key} {...form.getInputProps(`mapping.${key}`)} />
                  ))}
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
          )}
        </Accordion>
        <Switch label="Read this feed" {...form.getInputProps('enabled', { type: 'checkbox' })} />
        {unplaced && (
          <Alert color="red" title="Could not save">
            {unplaced}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {feed ? 'Save feed' : 'Add feed'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
