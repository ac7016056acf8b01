import { Outlet } from 'react-router';
import { AppShell, Burger, Group, ScrollArea, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconChargingPile } from '@tabler/icons-react';
import { NavLinks } from './NavLinks';
import { NotificationBell } from './NotificationBell';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { UserMenu } from './UserMenu';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  // Phones: the switcher moves into the collapsible navbar so the header stays one line.
  const phone = useMediaQuery('(max-width: 48em)', false) ?? false;
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main-content">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Group gap={6} wrap="nowrap">
              <IconChargingPile size={24} color="var(--mantine-color-teal-6)" aria-hidden />
              <Text fw={700} size="lg">
                Chargeboard
              </Text>
            </Group>
          </Group>
          <Group gap="md" wrap="nowrap">
            {!phone && <OrganizationSwitcher />}
            <NotificationBell />
            <UserMenu compact={phone} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        {phone && (
          <AppShell.Section mb="sm">
            <OrganizationSwitcher width="100%" />
          </AppShell.Section>
        )}
        {/* Scrolls on its own when the entries are taller than the window (a laptop at 800 px, a phone). */}
        <AppShell.Section grow component={ScrollArea} type="auto">
          <NavLinks onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
