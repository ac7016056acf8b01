import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AlertRule, type AlertRuleInput, alertKeys, listAlertRules, saveAlertRule } from '../../api/alerts';
import { useSession } from '../../auth/session';
import { useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading } from '../../components/states';
import { SeverityBadge } from './AlertBadges';
import { ThresholdField, thresholdPart } from './ThresholdField';

const SOURCE_LABELS: Record<AlertRule['source'], string> = {
  organization: 'This organization',
  platform: 'Platform setting',
  default: 'Default',
};

type ThresholdKey = keyof AlertRule['thresholds'];

function thresholdText(rule: AlertRule, currency: string | null): string {
  const parts = rule.thresholdSpecs.map((spec) => thresholdPart(spec, rule.thresholds[spec.key as ThresholdKey], currency));
  if (rule.thresholds.statuses?.length) parts.push(rule.thresholds.statuses.join(', '));
  return parts.length ? parts.join(' · ') : '—';
}

function RuleForm(props: { rule: AlertRule; organizationId: string | null; currency: string | null; onClose: () => void }) {
  const { rule, organizationId, currency, onClose } = props;
  const queryClient = useQueryClient();
  // Thresholds whose text is not a valid value yet (an amount with too many decimals): saving waits.
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [enabled, setEnabled] = useState(rule.enabled);
  const [severity, setSeverity] = useState<AlertRule['severity']>(rule.severity);
  const [thresholds, setThresholds] = useState<AlertRule['thresholds']>({ ...rule.thresholds });
  const [escalate, setEscalate] = useState<number | null>(rule.escalateAfterMinutes);
  const save = useMutation({
    mutationFn: () => {
      const input: AlertRuleInput = { organizationId, enabled, severity, thresholds, escalateAfterMinutes: escalate };
      return saveAlertRule(rule.ruleType, input);
    },
    onSuccess: () => {
      // Every list of rules: an organization's page lists them under its id or, for its own users, under none.
      void queryClient.invalidateQueries({ queryKey: alertKeys.allRules });
      onClose();
    },
  });
  return (
    <Stack>
      <Switch
        label="Enabled"
        checked={enabled}
        disabled={!rule.implemented}
        onChange={(event) => setEnabled(event.currentTarget.checked)}
      />
      {!rule.implemented && (
        <Text size="sm" c="dimmed">
          This rule is not evaluated yet and cannot be enabled.
        </Text>
      )}
      <Select
        label="Severity"
        allowDeselect={false}
        data={[
          { value: 'critical', label: 'Critical' },
          { value: 'warning', label: 'Warning' },
          { value: 'info', label: 'Info' },
        ]}
        value={severity}
        onChange={(value) => value && setSeverity(value as AlertRule['severity'])}
      />
      {rule.thresholdSpecs.map((spec) => (
        <ThresholdField
          key={spec.key}
          spec={spec}
          thresholds={thresholds}
          currency={currency}
          onChange={(key, value) => {
            setInvalid((current) => {
              const next = new Set(current);
              if (value === null) next.add(key);
              else next.delete(key);
              return next;
            });
            if (value !== null) setThresholds((t) => ({ ...t, [key]: value }));
          }}
        />
      ))}
      <NumberInput
        label="Escalate after minutes"
        description="Tell everyone who may act again when the alert stays unacknowledged this long. Empty: never."
        min={1}
        allowDecimal={false}
        value={escalate ?? ''}
        onChange={(value) => setEscalate(typeof value === 'number' ? value : null)}
      />
      {save.isError && <ErrorAlert error={save.error} title="Could not save the rule" />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button loading={save.isPending} disabled={invalid.size > 0} onClick={() => save.mutate()}>
          Save
        </Button>
      </Group>
    </Stack>
  );
}

/** The rules as they run for the selected organization (or platform-wide), and their edit form with alerts:write. */

const TRIGGER_WORDS: Record<AlertRule['trigger'], string> = {
  event: 'on events',
  periodic: 'checked every minute',
  hourly: 'checked every hour',
};
export function AlertRulesPanel() {
  const { can } = useSession();
  const [organizationId] = useSelectedOrganization();
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const rules = useQuery({ queryKey: alertKeys.rules(organizationId), queryFn: () => listAlertRules(organizationId) });
  const writable = can('alerts:write');
  if (rules.isLoading) return <Loading label="Loading the rules" />;
  if (rules.isError) return <ErrorAlert error={rules.error} />;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {organizationId
          ? "The rules as they run for the selected organization: its own settings win over the platform's."
          : 'Platform-wide settings: every organization without its own uses these. Choose an organization to set its own.'}
      </Text>
      <Table.ScrollContainer minWidth={860}>
        <Table striped aria-label="Alert rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Thresholds</Table.Th>
              <Table.Th>Escalation</Table.Th>
              <Table.Th>Source</Table.Th>
              {writable && <Table.Th aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data?.items ?? []).map((rule) => (
              <Table.Tr key={rule.ruleType}>
                <Table.Td>
                  <Text size="sm">{rule.label}</Text>
                  <Text size="xs" c="dimmed">
                    {TRIGGER_WORDS[rule.trigger]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {!rule.implemented ? (
                    <Badge color="gray" variant="outline">
                      Not available yet
                    </Badge>
                  ) : rule.enabled ? (
                    <Badge color="teal" variant="light">
                      On
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      Off
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <SeverityBadge severity={rule.severity} />
                </Table.Td>
                <Table.Td>{thresholdText(rule, rules.data?.currency ?? null)}</Table.Td>
                <Table.Td>{rule.escalateAfterMinutes ? `after ${rule.escalateAfterMinutes} min` : 'never'}</Table.Td>
                <Table.Td>{SOURCE_LABELS[rule.source]}</Table.Td>
                {writable && (
                  <Table.Td>
                    <Button size="xs" variant="light" disabled={!rule.implemented} onClick={() => setEditing(rule)}>
                      Edit
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? `Rule: ${editing.label}` : ''}>
        {editing && (
          <RuleForm
            rule={editing}
            organizationId={rules.data?.organizationId ?? organizationId}
            currency={rules.data?.currency ?? null}
            onClose={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
