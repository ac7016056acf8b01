import { useState } from 'react';
import { Alert, Button, Stack } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { verifyAudit } from '../../api/audit';
import type { ChainReport } from '../../api/types';
import { errorMessage } from '../../components/states';

/** Recomputes the hash chain on the server and reports the first broken link, if any. */
export function VerifyChain() {
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      setReport(await verifyAudit());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      <Button
        variant="light"
        leftSection={<IconShieldCheck size={16} aria-hidden />}
        loading={busy}
        onClick={() => void verify()}
        w="fit-content"
      >
        Verify chain
      </Button>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {report && report.ok && (
        <Alert color="teal" title="Audit chain intact" role="status">
          All {report.checked} entries match their hashes and link to the entry before.
        </Alert>
      )}
      {report && !report.ok && (
        <Alert color="red" title="Audit chain broken" role="alert">
          {report.checked} entries check out; entry #{report.firstBroken?.seq} does not: {report.firstBroken?.reason}.
        </Alert>
      )}
    </Stack>
  );
}
