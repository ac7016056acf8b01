import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { listAlertRules, alertKeys } from '../../api/alerts';
import {
  CHANNEL_LABELS,
  type Digest,
  type NotificationChannel,
  type NotificationPreferences,
  getNotificationPreferences,
  preferenceKeys,
  saveNotificationPreferences,
} from '../../api/notifications';
import { useSession } from '../../auth/session';
import { applyServerErrors } from '../../components/form-errors';
import { ErrorAlert, Loading } from '../../components/states';
import { WebPushToggle } from '../../components/WebPushToggle';
import { RULE_OPTIONS } from '../alerts/alert-labels';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function zoneOptions(current: string): string[] {
  const zones: string[] =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [browserZone(), 'UTC'];
  return [...new Set([current, 'UTC', ...zones])].sort();
}

const DIGESTS: { value: Digest; label: string; description: string }[] = [
  { value: 'off', label: 'Off', description: 'Each notification is sent as it happens.' },
  { value: 'hourly', label: 'Hourly', description: 'One message an hour listing what happened.' },
  { value: 'daily', label: 'Daily', description: 'One message a day listing what happened.' },
];

/** Alert types grouped as the Alerts page's rules are: the network's and the money's. */
const MONEY_RULES = new Set(['invoice_overdue', 'payment_failed']);

interface Values {
  channels: NotificationChannel[];
  allAlertTypes: boolean;
  alertTypes: string[];
  quietHours: boolean;
  quietHoursStart: string;
  quietHoursEnd: string;
  timeZone: string;
  digest: Digest;
  marketingOptOut: boolean;
}

function valuesOf(prefs: NotificationPreferences, catalog: string[]): Values {
  return {
    channels: prefs.channels,
    allAlertTypes: prefs.alertTypes === null,
    alertTypes: prefs.alertTypes ?? catalog,
    quietHours: prefs.quietHoursStart !== null,
    quietHoursStart: prefs.quietHoursStart ?? '22:00',
    quietHoursEnd: prefs.quietHoursEnd ?? '07:00',
    // A user who never saved any has UTC from the server: offer the browser's zone instead.
    timeZone: prefs.quietHoursStart === null && prefs.timeZone === 'UTC' ? browserZone() : prefs.timeZone,
    digest: prefs.digest,
    marketingOptOut: prefs.marketingOptOut,
  };
}

function PreferencesForm({
  prefs,
  catalog,
}: {
  prefs: NotificationPreferences;
  catalog: { value: string; label: string }[] | null;
}) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const typeValues = useMemo(() => (catalog ?? []).map((c) => c.value), [catalog]);
  const form = useForm<Values>({
    initialValues: valuesOf(prefs, typeValues),
    validate: {
      quietHoursStart: (v, values) => (values.quietHours && !/^([01]\d|2[0-3]):[0-5]\d$/.test(v) ? 'Enter a time (HH:MM)' : null),
      quietHoursEnd: (v, values) =>
        !values.quietHours
          ? null
          : !/^([01]\d|2[0-3]):[0-5]\d$/.test(v)
            ? 'Enter a time (HH:MM)'
            : v === values.quietHoursStart
              ? 'The end must differ from the start'
              : null,
    },
  });
  useEffect(() => {
    // The catalog may arrive after the preferences: "all types" then ticks each box.
    if (form.getValues().allAlertTypes) form.setFieldValue('alertTypes', typeValues);
  }, [typeValues]);
  const values = form.getValues();

  const submit = form.onSubmit(async (v) => {
    setError(null);
    const everyType = catalog === null || typeValues.every((t) => v.alertTypes.includes(t));
    try {
      const saved = await saveNotificationPreferences({
        channels: v.channels,
        // Every type ticked is "all", so a rule added later is heard of too.
        alertTypes: everyType ? null : v.alertTypes.filter((t) => typeValues.includes(t)),
        quietHoursStart: v.quietHours ? v.quietHoursStart : null,
        quietHoursEnd: v.quietHours ? v.quietHoursEnd : null,
        timeZone: v.timeZone,
        digest: v.digest,
        marketingOptOut: v.marketingOptOut,
      });
      queryClient.setQueryData(preferenceKeys.mine, saved);
      form.setValues(valuesOf(saved, typeValues));
      form.resetDirty();
      notifications.show({ color: 'teal', message: 'Notification preferences saved' });
    } catch (e) {
      setError(applyServerErrors(form, e, (field) => (field === 'alertTypes' ? 'alertTypes' : field)));
    }
  });

  const groups = catalog
    ? [
        { label: 'Network', items: catalog.filter((c) => !MONEY_RULES.has(c.value)) },
        { label: 'Money', items: catalog.filter((c) => MONEY_RULES.has(c.value)) },
      ].filter((g) => g.items.length > 0)
    : [];

  return (
    <form onSubmit={submit} noValidate aria-label="Notification preferences">
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Checkbox.Group
          label="Channels"
          description="Every notification is also in the app (the bell). Choose where else it goes."
          {...form.getInputProps('channels')}
        >
          <Stack gap={6} mt={6}>
            <Checkbox value="email" label={CHANNEL_LABELS.email} />
            <Checkbox value="web_push" label={`${CHANNEL_LABELS.web_push} (the browsers you turn it on in below)`} />
            <Checkbox
              value="mobile_push"
              label={CHANNEL_LABELS.mobile_push}
              description="Not sent by this server yet: choosing it records nothing but a skipped delivery."
            />
          </Stack>
        </Checkbox.Group>
        {/* This browser's subscription: Web Push reaches the browsers turned on here (docs/web-push.md). */}
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <WebPushToggle />
            {!values.channels.includes('web_push') && (
              <Text size="xs" c="dimmed">
                Web Push is not ticked above: nothing is pushed to this browser until it is.
              </Text>
            )}
          </Stack>
        </Paper>
        {catalog && (
          <Checkbox.Group
            label="Alert types"
            description="Alerts you leave out are still in the app, but not sent to you."
            value={form.getValues().alertTypes}
            error={form.errors.alertTypes}
            onChange={(types) => {
              form.setFieldValue('alertTypes', types);
              form.setFieldValue(
                'allAlertTypes',
                typeValues.every((t) => types.includes(t)),
              );
            }}
          >
            <SimpleGrid cols={{ base: 1, sm: groups.length }} mt={6}>
              {groups.map((group) => (
                <Stack key={group.label} gap={6} role="group" aria-label={`${group.label} alerts`}>
                  <Text size="sm" fw={600}>
                    {group.label}
                  </Text>
                  {group.items.map((item) => (
                    <Checkbox key={item.value} value={item.value} label={item.label} />
                  ))}
                </Stack>
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        )}
        <Stack gap="xs">
          <Switch
            label="Quiet hours"
            description="Nothing but critical alerts is e-mailed or pushed then; the rest goes out when they end."
            {...form.getInputProps('quietHours', { type: 'checkbox' })}
          />
          {values.quietHours && (
            <Group grow align="flex-start">
              <TextInput label="From" type="time" required {...form.getInputProps('quietHoursStart')} />
              <TextInput label="Until" type="time" required {...form.getInputProps('quietHoursEnd')} />
            </Group>
          )}
          <Select
            label="Time zone"
            description="The clock your quiet hours and digests are on: your organization's until you choose another."
            searchable
            allowDeselect={false}
            data={zoneOptions(values.timeZone)}
            limit={50}
            {...form.getInputProps('timeZone')}
          />
        </Stack>
        <Radio.Group
          label="Digest"
          description="Alerts gathered into one e-mail or push: hourly at the full hour, or daily at 08:00 on your clock. Critical alerts still come at once."
          {...form.getInputProps('digest')}
        >
          <Stack gap={6} mt={6}>
            {DIGESTS.map((d) => (
              <Radio key={d.value} value={d.value} label={d.label} description={d.description} />
            ))}
          </Stack>
        </Radio.Group>
        <Checkbox
          label="No marketing messages"
          description="Messages about your own charging sessions are still sent."
          {...form.getInputProps('marketingOptOut', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting} disabled={!form.isDirty()}>
            Save notification preferences
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The Profile page's Notifications section: channels (Web Push with this browser's switch), alert
 * types (for those who may read alerts), quiet hours in a zone, digest and marketing opt-out.
 */
export function NotificationPreferencesCard() {
  const { can } = useSession();
  const readsAlerts = can('alerts:read');
  const prefs = useQuery({ queryKey: preferenceKeys.mine, queryFn: getNotificationPreferences });
  const rules = useQuery({
    queryKey: alertKeys.rules(null),
    queryFn: () => listAlertRules(null),
    enabled: readsAlerts,
    retry: false,
  });
  // The Alerts page's labels, for the rules that raise alerts today and that this user may hear of.
  const catalog = !readsAlerts
    ? null
    : rules.data
      ? RULE_OPTIONS.filter((o) => rules.data.items.some((r) => r.ruleType === o.value && r.implemented))
      : rules.isError
        ? // A role limited to sites may not list rules; it still hears of the types the Alerts page filters by.
          RULE_OPTIONS
        : undefined;
  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={2} size="h4">
          Notifications
        </Title>
        {(prefs.isLoading || catalog === undefined) && <Loading label="Loading notification preferences" />}
        {prefs.isError && <ErrorAlert error={prefs.error} />}
        {prefs.data && catalog !== undefined && <PreferencesForm prefs={prefs.data} catalog={catalog} />}
      </Stack>
    </Paper>
  );
}
