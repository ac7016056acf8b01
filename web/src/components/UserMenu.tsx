import { Link, useNavigate } from 'react-router';
import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconBell, IconChevronDown, IconKey, IconLogout, IconUser } from '@tabler/icons-react';
import { useMe, useSession } from '../auth/session';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export function UserMenu({ compact }: { compact: boolean }) {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`User menu: ${me.user.name}, ${me.user.roleName}`}>
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="teal">
              {initials(me.user.name)}
            </Avatar>
            {!compact && (
              <div>
                <Text size="sm" fw={600} lh={1.2}>
                  {me.user.name}
                </Text>
                <Text size="xs" c="dimmed" lh={1.2}>
                  {me.user.roleName}
                </Text>
              </div>
            )}
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {me.user.name} · {me.user.roleName}
          <br />
          {me.user.email}
        </Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} aria-hidden />}>
          Profile
        </Menu.Item>
        <Menu.Item component={Link} to="/notifications" leftSection={<IconBell size={16} aria-hidden />}>
          Notifications
        </Menu.Item>
        <Menu.Item component={Link} to="/change-password" leftSection={<IconKey size={16} aria-hidden />}>
          Change password
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            void signOut().then(() => navigate('/login'));
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
