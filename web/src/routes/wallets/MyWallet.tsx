import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getWallet, myWallets, topUpMyWallet, walletKeys } from '../../api/wallets';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert, Loading, errorMessage } from '../../components/states';
import { formatMoney, majorToMinor, minorDigits } from '../../format';
import { WalletEntries } from './WalletEntries';

/** The driver's own wallet: the balance, its history, and a top-up charged to the card on file. */
export function MyWallet() {
  const queryClient = useQueryClient();
  const paging = useServerPaging(10);
  const mine = useQuery({ queryKey: walletKeys.mine, queryFn: myWallets });
  const currency = mine.data?.currency ?? null;
  const wallet = mine.data?.items.find((w) => w.currency === currency) ?? mine.data?.items[0] ?? null;
  const detail = useQuery({
    queryKey: walletKeys.detail(wallet?.id ?? '-', paging.page, paging.pageSize),
    queryFn: () => getWallet(wallet!.id, paging.page, paging.pageSize),
    enabled: wallet !== null,
    placeholderData: keepPreviousData,
  });
  const shownCurrency = wallet?.currency ?? currency;
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const topUp = async () => {
    setDone(null);
    if (!shownCurrency) return;
    const minor = majorToMinor(amount, shownCurrency);
    if (minor === null || minor <= 0) {
      setProblem(`Enter a positive amount in ${shownCurrency} with at most ${minorDigits(shownCurrency)} decimals`);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await topUpMyWallet(minor);
      setAmount('');
      setDone(
        result.status === 'approved'
          ? `Added ${formatMoney(result.amountMinor, result.currency)} to your wallet`
          : 'Your bank has not confirmed the payment yet; the money appears here once it does.',
      );
      await queryClient.invalidateQueries({ queryKey: walletKeys.all });
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (mine.isLoading) return <Loading />;
  if (!shownCurrency)
    return (
      <Paper withBorder p="md">
        <Title order={2} size="h3">
          My wallet
        </Title>
        {mine.isError ? <ErrorAlert error={mine.error} /> : <Text c="dimmed">Wallets belong to drivers of an organization.</Text>}
      </Paper>
    );
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          My wallet
        </Title>
        {mine.isError && <ErrorAlert error={mine.error} />}
        <Text>
          Balance{' '}
          <Text span fw={700} ff="monospace" c={(wallet?.balanceMinor ?? 0) < 0 ? 'red' : undefined}>
            {formatMoney(wallet?.balanceMinor ?? 0, shownCurrency)}
          </Text>
        </Text>
        {wallet && wallet.balanceMinor < 0 && (
          <Alert color="red">Your wallet is below zero: top it up before your next charge.</Alert>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void topUp();
          }}
          noValidate
        >
          <Group align="flex-end">
            <TextInput
              label="Top-up amount"
              description="Charged to your card on file"
              leftSection={shownCurrency}
              leftSectionWidth={52}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              Top up
            </Button>
          </Group>
        </form>
        {problem && (
          <Alert color="red" role="alert" title="Top-up not made">
            {problem}
          </Alert>
        )}
        {done && (
          <Alert color="teal" role="status">
            {done}
          </Alert>
        )}
        <Title order={3} size="h4">
          History
        </Title>
        {wallet ? (
          <WalletEntries
            entries={detail.data?.entries.items ?? []}
            total={detail.data?.entries.total ?? 0}
            currency={wallet.currency}
            timeZone={wallet.timeZone}
            paging={paging}
            loading={detail.isLoading}
            linkSessions={false}
          />
        ) : (
          <Text c="dimmed">No wallet yet: your first top-up opens it.</Text>
        )}
      </Stack>
    </Paper>
  );
}
