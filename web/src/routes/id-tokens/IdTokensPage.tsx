import { useState } from 'react';
import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { IconPlus } from '@tabler/icons-react';
import { type IdToken, type IdTokenListParams, idTokenKeys, listIdTokens, updateIdToken } from '../../api/id-tokens';
import { setTokenPaymentMethod } from '../../api/pricing';
import { useSession } from '../../auth/session';
import { ALL, ChoiceFilter, ListTable } from '../../components/ListTable';
import { useListState } from '../../components/list-state';
import { useRowActions } from '../../components/row-actions';
import { ListSearch } from '../../components/ListSearch';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useOrganizations, useSelectedOrganization, useShowOrganizationSwitcher } from '../../components/organization-scope';
import { PaymentMethodControl } from '../../components/PaymentMethodControl';
import { NoAccess } from '../../components/states';
import { formatDateTime } from '../../format';
import { useCanListIdTokens } from './access';
import { IdTokenFormModal, KIND_LABELS } from './IdTokenFormModal';

/** Active, Blocked, or Expired (an active token past its expiry: chargers refuse it as OCPP says). */
function StandingBadge({ token }: { token: IdToken }) {
  const expired = token.status === 'active' && token.expiresAt !== null && new Date(token.expiresAt) <= new Date();
  if (token.status === 'blocked')
    return (
      <Badge color="red" variant="light" miw="max-content">
        Blocked
      </Badge>
    );
  if (expired)
    return (
      <Badge color="orange" variant="light" miw="max-content">
        Expired
      </Badge>
    );
  return (
    <Badge color="teal" variant="light" miw="max-content">
      Active
    </Badge>
  );
}

/** RFID cards, app and fleet-vehicle tokens: listed with chargers:read, issued and blocked with chargers:write. */
export function IdTokensPage() {
  const { can } = useSession();
  const canList = useCanListIdTokens();
  const canWrite = can('chargers:write');
  const canPay = can('payments:write');
  const queryClient = useQueryClient();
  const { byId } = useOrganizations();
  const showOrganizations = useShowOrganizationSwitcher();
  const list = useListState();
  const [org] = useSelectedOrganization();
  const [status, setStatus] = useState<string>(ALL);
  const [kind, setKind] = useState<string>(ALL);
  const [editing, setEditing] = useState<IdToken | 'new' | null>(null);
  const actions = useRowActions(idTokenKeys.all);
  // The API sorts by issue date only: newest first.
  const params: IdTokenListParams = {
    page: list.params.page,
    pageSize: list.params.pageSize,
    q: list.params.q,
    order: 'desc',
    organizationId: org ?? undefined,
    status: status === ALL ? undefined : (status as IdTokenListParams['status']),
    kind: kind === ALL ? undefined : (kind as IdTokenListParams['kind']),
  };
  const query = useQuery({
    queryKey: idTokenKeys.list(params),
    queryFn: () => listIdTokens(params),
    placeholderData: keepPreviousData,
    enabled: canList,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: idTokenKeys.all });
  if (!canList) return <NoAccess />;

  const toggleBlocked = (t: IdToken) => {
    const blocking = t.status === 'active';
    return actions.perform({
      ...(blocking
        ? { confirm: { message: `Block ${t.token}? Chargers refuse it from the next authorization on.`, label: 'Block token' } }
        : {}),
      run: () => updateIdToken(t.id, { status: blocking ? 'blocked' : 'active' }),
      done: `${t.token} ${blocking ? 'blocked' : 'unblocked'}`,
    });
  };

  const columns: ColumnDef<IdToken>[] = [
    {
      id: 'token',
      header: 'Token',
      enableSorting: false,
      cell: ({ row }) => {
        const t = row.original;
        return (
          <div style={{ whiteSpace: 'nowrap' }}>
            {canWrite ? (
              <Anchor component="button" type="button" ff="monospace" fz="sm" onClick={() => setEditing(t)}>
                {t.token}
              </Anchor>
            ) : (
              <Text ff="monospace" size="sm">
                {t.token}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {KIND_LABELS[t.kind]}
            </Text>
          </div>
        );
      },
    },
    { id: 'label', header: 'Label', enableSorting: false, cell: ({ row }) => row.original.label ?? '—' },
    {
      id: 'holder',
      header: 'Holder',
      enableSorting: false,
      cell: ({ row }) => {
        const t = row.original;
        if (!t.userName && !t.vehicleRef && !t.tokenGroup) return '—';
        return (
          <div>
            {t.userName && <Text size="sm">{t.userName}</Text>}
            {t.vehicleRef && (
              <Text size={t.userName ? 'xs' : 'sm'} c={t.userName ? 'dimmed' : undefined}>
                Vehicle {t.vehicleRef}
              </Text>
            )}
            {t.tokenGroup && (
              <Text size="xs" c="dimmed">
                Group {t.tokenGroup}
              </Text>
            )}
          </div>
        );
      },
    },
    ...(showOrganizations
      ? [
          {
            id: 'organization',
            header: 'Organization',
            enableSorting: false,
            cell: ({ row }) => byId.get(row.original.organizationId)?.name ?? '—',
          } satisfies ColumnDef<IdToken>,
        ]
      : []),
    { id: 'status', header: 'Status', enableSorting: false, cell: ({ row }) => <StandingBadge token={row.original} /> },
    {
      id: 'expiresAt',
      header: 'Expires',
      enableSorting: false,
      cell: ({ row }) => (row.original.expiresAt ? formatDateTime(row.original.expiresAt) : 'Never'),
    },
    {
      id: 'payment',
      header: 'Payment method',
      enableSorting: false,
      cell: ({ row }) => {
        const t = row.original;
        return (
          <PaymentMethodControl
            method={{ gateway: t.paymentGateway, effectiveGateway: t.effectiveGateway, source: t.paymentSource }}
            holder="id_token"
            editable={canPay}
            label={`Payment method of ${t.token}`}
            save={(gateway) => setTokenPaymentMethod(t.id, gateway)}
            onSaved={() => void refresh()}
          />
        );
      },
    },
  ];
  if (canWrite) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      enableSorting: false,
      cell: ({ row }) => {
        const t = row.original;
        return (
          <Group gap={4} wrap="nowrap">
            <Button size="xs" variant="default" onClick={() => setEditing(t)} aria-label={`Edit ${t.token}`}>
              Edit
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color={t.status === 'active' ? 'red' : 'teal'}
              onClick={() => void toggleBlocked(t)}
              aria-label={`${t.status === 'active' ? 'Block' : 'Unblock'} ${t.token}`}
            >
              {t.status === 'active' ? 'Block' : 'Unblock'}
            </Button>
          </Group>
        );
      },
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>ID tokens</Title>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            Issue token
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        The RFID cards, app tokens and fleet-vehicle tokens chargers check before charging. A session is paid with the token’s own
        payment method, else its driver’s, else manually (postpaid).
      </Text>
      <Group align="flex-end" gap="sm">
        <ListSearch list={list} placeholder="Token, label, driver, vehicle" width={260} />
        <OrganizationFilter onChange={list.resetPage} />
        <ChoiceFilter
          label="Status"
          width={140}
          all="All"
          choices={{ active: 'Active', blocked: 'Blocked' }}
          value={status}
          onChange={setStatus}
          list={list}
        />
        <ChoiceFilter
          label="Type"
          width={160}
          all="All types"
          choices={KIND_LABELS}
          value={kind}
          onChange={setKind}
          list={list}
        />
      </Group>
      <ListTable
        caption="ID tokens"
        query={query}
        list={list}
        columns={columns}
        getRowId={(t) => t.id}
        minWidth={980}
        emptyText="No ID tokens match."
        actionError={actions.error}
        onDismissError={actions.dismiss}
      />
      {editing && (
        <IdTokenFormModal
          token={editing === 'new' ? null : editing}
          organizationId={org}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            notifications.show({ color: 'teal', message: `${saved.token} saved` });
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Stack>
  );
}
