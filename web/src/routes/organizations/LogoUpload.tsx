import { useEffect, useState } from 'react';
import { Alert, Button, FileButton, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { IconPhoto } from '@tabler/icons-react';
import { fetchBlobUrl } from '../../api/client';
import { organizationKeys, removeLogo, uploadLogo } from '../../api/organizations';
import type { Organization } from '../../api/types';
import { errorMessage } from '../../components/states';

const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_BYTES = 512 * 1024;

/** The logo endpoint needs the bearer token, so the image is fetched and shown as an object URL. */
function useLogoUrl(logoUrl: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!logoUrl) {
      setUrl(null);
      return;
    }
    let objectUrl: string | null = null;
    let cancelled = false;
    fetchBlobUrl(logoUrl)
      .then((u) => {
        objectUrl = u;
        if (!cancelled) setUrl(u);
        else URL.revokeObjectURL(u);
      })
      .catch(() => setUrl(null));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [logoUrl]);
  return url;
}

export function LogoUpload({ organization, canWrite }: { organization: Organization; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const current = useLogoUrl(organization.logoUrl);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const choose = (chosen: File | null) => {
    setError(null);
    if (!chosen) return setFile(null);
    if (!ACCEPTED.includes(chosen.type)) return setError('The logo must be a PNG, JPEG or WebP image.');
    if (chosen.size > MAX_BYTES)
      return setError(`The logo must be at most 512 KB; this file is ${Math.ceil(chosen.size / 1024)} KB.`);
    setFile(chosen);
  };

  const run = async (action: () => Promise<void>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setFile(null);
      await queryClient.invalidateQueries({ queryKey: organizationKeys.detail(organization.id) });
      notifications.show({ color: 'teal', message });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const shown = preview ?? current;
  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={2} size="h4">
          Logo
        </Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group align="center">
          {shown ? (
            <Image
              src={shown}
              alt={preview ? 'Preview of the new logo' : `${organization.name} logo`}
              h={80}
              w="auto"
              maw={240}
              fit="contain"
            />
          ) : (
            <Group gap="xs" c="dimmed">
              <IconPhoto size={32} aria-hidden />
              <Text size="sm">No logo yet</Text>
            </Group>
          )}
          {preview && (
            <Text size="sm" c="dimmed">
              Preview — not saved yet
            </Text>
          )}
        </Group>
        {canWrite && (
          <Group>
            <FileButton onChange={choose} accept={ACCEPTED.join(',')}>
              {(props) => (
                <Button variant="default" {...props}>
                  Choose logo file
                </Button>
              )}
            </FileButton>
            {file && (
              <Button loading={busy} onClick={() => void run(() => uploadLogo(organization.id, file), 'Logo uploaded')}>
                Upload logo
              </Button>
            )}
            {file && (
              <Button variant="subtle" onClick={() => setFile(null)}>
                Cancel
              </Button>
            )}
            {!file && organization.hasLogo && (
              <Button
                color="red"
                variant="subtle"
                loading={busy}
                onClick={() => void run(() => removeLogo(organization.id), 'Logo removed')}
              >
                Remove logo
              </Button>
            )}
          </Group>
        )}
        <Text size="xs" c="dimmed">
          PNG, JPEG or WebP, at most 512 KB.
        </Text>
      </Stack>
    </Paper>
  );
}
