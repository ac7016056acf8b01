import { Link, useNavigate, useParams } from 'react-router';
import { Anchor, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { chargerKeys, getCharger } from '../../api/chargers';
import type { Charger } from '../../api/types';
import { useSelectedOrganization } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { ChargerForm } from './ChargerForm';

function useAfterSave() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (saved: Charger, message: string) => {
    queryClient.setQueryData(chargerKeys.detail(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: ['chargers', 'list'] });
    notifications.show({ color: 'teal', message });
    void navigate(`/chargers/${saved.id}`);
  };
}

export function ChargerCreatePage() {
  const [org] = useSelectedOrganization();
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  return (
    <Stack>
      <Anchor component={Link} to="/chargers" size="sm">
        ← Back to the list
      </Anchor>
      <Title order={1}>Register charger</Title>
      <ChargerForm
        charger={null}
        defaultOrganizationId={org}
        onSaved={(saved) => afterSave(saved, `Charger “${saved.name}” registered`)}
        onCancel={() => void navigate('/chargers')}
      />
    </Stack>
  );
}

export function ChargerEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const afterSave = useAfterSave();
  const query = useQuery({ queryKey: chargerKeys.detail(id), queryFn: () => getCharger(id) });
  if (query.isLoading) return <Loading />;
  if (isNotFound(query.error)) return <NotFoundState title="Charger not found" backTo="/chargers" backLabel="Back to chargers" />;
  if (query.isError || !query.data) return <ErrorAlert error={query.error} />;
  const charger = query.data;
  return (
    <Stack>
      <Anchor component={Link} to={`/chargers/${charger.id}`} size="sm">
        ← {charger.name}
      </Anchor>
      <Title order={1}>Edit charger</Title>
      <ChargerForm
        charger={charger}
        defaultOrganizationId={charger.organizationId}
        onSaved={(saved) => afterSave(saved, 'Charger saved')}
        onCancel={() => void navigate(`/chargers/${charger.id}`)}
      />
    </Stack>
  );
}
