import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import {
  CHANNEL_LABELS,
  type MessageAudience,
  audienceOptions,
  composeMessage,
  messageKeys,
  previewAudience,
} from '../../api/driver-messages';
import { listSites } from '../../api/sites';
import { useOrganizations } from '../../components/organization-scope';
import { errorMessage } from '../../components/states';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

type Kind = MessageAudience['kind'];

interface Props {
  organizationId: string | null;
  onClose: () => void;
  onSent: () => void;
}

/** The audience the form's choices make, or null while it is not complete. */
function audienceOf(kind: Kind, drivers: string[], siteIds: string[], days: number, groups: string[]): MessageAudience | null {
  if (kind === 'organization') return { kind };
  if (kind === 'drivers') return drivers.length > 0 ? { kind, userIds: drivers } : null;
  if (kind === 'sites') return siteIds.length > 0 && days >= 1 ? { kind, siteIds, days } : null;
  return groups.length > 0 ? { kind, groups } : null;
}

/** Compose a message: what it says, who gets it, on which channels, now or at a time on the author's clock. */
export function ComposeMessageModal({ organizationId, onClose, onSent }: Props) {
  const { organizations } = useOrganizations();
  const [orgId, setOrgId] = useState<string | null>(organizationId ?? (organizations.length === 1 ? organizations[0]!.id : null));
  const [category, setCategory] = useState<'service' | 'marketing'>('service');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [link, setLink] = useState('');
  const [kind, setKind] = useState<Kind>('organization');
  const [drivers, setDrivers] = useState<string[]>([]);
  const [driverSearch, setDriverSearch] = useState('');
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [days, setDays] = useState(30);
  const [groups, setGroups] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>(['email']);
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [sendAt, setSendAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [search] = useDebouncedValue(driverSearch, 250);

  const options = useQuery({
    queryKey: messageKeys.options(orgId ?? '-', search),
    queryFn: () => audienceOptions(orgId!, search),
    enabled: !!orgId,
  });
  // Chosen drivers stay listed (by name) while the search shows others.
  const [known, setKnown] = useState<Record<string, string>>({});
  const driverData = [
    ...Object.entries(known)
      .filter(([id]) => drivers.includes(id))
      .map(([value, label]) => ({ value, label })),
    ...(options.data?.drivers ?? [])
      .filter((d) => !drivers.includes(d.id))
      .map((d) => ({ value: d.id, label: `${d.name} (${d.email})` })),
  ];
  const sites = useQuery({
    queryKey: ['sites', 'list', { organizationId: orgId, pageSize: 200 }],
    queryFn: () => listSites({ organizationId: orgId!, pageSize: 200 }),
    enabled: !!orgId && kind === 'sites',
  });
  const audience = audienceOf(kind, drivers, siteIds, days, groups);
  const [debouncedAudience] = useDebouncedValue(audience, 300);
  const preview = useQuery({
    queryKey: ['driver-messages', 'preview', orgId, category, debouncedAudience],
    queryFn: () => previewAudience({ organizationId: orgId!, category, audience: debouncedAudience! }),
    enabled: !!orgId && debouncedAudience !== null,
    retry: false,
  });

  const send = async () => {
    setError(null);
    if (!orgId) return setError('Choose the organization whose drivers get the message');
    if (!title.trim() || !body.trim()) return setError('A message needs a title and a text');
    if (!audience) return setError('Choose who gets the message');
    let at: string | null = null;
    if (when === 'later') {
      const local = new Date(sendAt);
      if (!sendAt || Number.isNaN(local.getTime())) return setError('Choose the date and time to send it');
      at = local.toISOString();
    }
    setBusy(true);
    try {
      await composeMessage({
        organizationId: orgId,
        category,
        title: title.trim(),
        body: body.trim(),
        link: link.trim() || null,
        audience,
        channels: channels as ('email' | 'web_push' | 'mobile_push')[],
        sendAt: at,
      });
      onSent();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title="New message to drivers" size="lg">
      <Stack>
        <Select
          label="Organization"
          description="Only this organization’s drivers can receive it."
          data={organizations.map((o) => ({ value: o.id, label: o.name }))}
          value={orgId}
          onChange={(value) => {
            setOrgId(value);
            setDrivers([]);
            setSiteIds([]);
            setGroups([]);
          }}
          searchable
          required
        />
        <SegmentedControl
          aria-label="Kind of message"
          value={category}
          onChange={(value) => setCategory(value as 'service' | 'marketing')}
          data={[
            { value: 'service', label: 'Service (about their charging)' },
            { value: 'marketing', label: 'Marketing (drivers may opt out)' },
          ]}
        />
        <TextInput label="Title" required maxLength={120} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Textarea
          label="Message"
          required
          autosize
          minRows={3}
          maxLength={4000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <TextInput
          label="Link"
          description="Optional: a page of this app, such as /my-charging (outside addresses are not allowed)."
          value={link}
          onChange={(e) => setLink(e.currentTarget.value)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Recipients
          </Text>
          <SegmentedControl
            aria-label="Recipients"
            value={kind}
            onChange={(value) => setKind(value as Kind)}
            data={[
              { value: 'organization', label: 'All drivers' },
              { value: 'drivers', label: 'Chosen drivers' },
              { value: 'sites', label: 'Charged at sites' },
              { value: 'token_groups', label: 'ID-token groups' },
            ]}
          />
        </Stack>
        {kind === 'drivers' && (
          <MultiSelect
            label="Drivers"
            placeholder="Search by name or e-mail"
            searchable
            searchValue={driverSearch}
            onSearchChange={setDriverSearch}
            filter={({ options: all }) => all}
            data={driverData}
            value={drivers}
            onChange={(ids) => {
              const names = { ...known };
              for (const d of options.data?.drivers ?? []) names[d.id] = `${d.name} (${d.email})`;
              setKnown(names);
              setDrivers(ids);
            }}
          />
        )}
        {kind === 'sites' && (
          <Group grow align="flex-start">
            <MultiSelect
              label="Sites"
              searchable
              data={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={siteIds}
              onChange={setSiteIds}
            />
            <NumberInput
              label="Charged there in the last … days"
              min={1}
              max={365}
              value={days}
              onChange={(value) => setDays(typeof value === 'number' ? value : Number(value) || 0)}
            />
          </Group>
        )}
        {kind === 'token_groups' && (
          <MultiSelect
            label="ID-token groups"
            description={
              options.data && options.data.tokenGroups.length === 0
                ? 'No ID token of this organization has a group yet.'
                : undefined
            }
            data={options.data?.tokenGroups ?? []}
            value={groups}
            onChange={setGroups}
          />
        )}
        <Text size="sm" aria-live="polite" data-testid="recipient-preview">
          {!orgId || !audience
            ? 'Choose the organization and the recipients to see how many drivers get it.'
            : preview.isFetching && !preview.data
              ? 'Counting recipients…'
              : preview.error
                ? errorMessage(preview.error)
                : preview.data
                  ? `${preview.data.recipients} driver${preview.data.recipients === 1 ? '' : 's'} will get it` +
                    (preview.data.optedOut > 0 ? ` (${preview.data.optedOut} opted out of marketing and will not)` : '')
                  : ''}
        </Text>
        <Checkbox.Group
          label="Channels"
          description="Besides the driver’s portal; each driver’s own channel choice still applies."
          value={channels}
          onChange={setChannels}
        >
          <Group mt={4}>
            {Object.entries(CHANNEL_LABELS).map(([value, label]) => (
              <Checkbox key={value} value={value} label={label} />
            ))}
          </Group>
        </Checkbox.Group>
        <SegmentedControl
          aria-label="When"
          value={when}
          onChange={(value) => setWhen(value as 'now' | 'later')}
          data={[
            { value: 'now', label: 'Send now' },
            { value: 'later', label: 'Schedule' },
          ]}
        />
        {when === 'later' && (
          <TextInput
            label="Send at"
            description={`On your clock (${viewerZone})`}
            type="datetime-local"
            value={sendAt}
            onChange={(e) => setSendAt(e.currentTarget.value)}
          />
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void send()} loading={busy}>
            {when === 'now' ? 'Send message' : 'Schedule message'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
