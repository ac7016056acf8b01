import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Text } from '@mantine/core';
import { getUserPaymentMethod, setUserPaymentMethod } from '../../api/pricing';
import type { User } from '../../api/types';
import { useSession } from '../../auth/session';
import { PaymentMethodControl } from '../../components/PaymentMethodControl';

const key = (userId: string) => ['users', 'payment-method', userId] as const;

/** How a user pays for all of their ID tokens (a token's own method wins); set with payments:write, saved at once. */
export function UserPaymentMethod({ user }: { user: User }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const method = useQuery({ queryKey: key(user.id), queryFn: () => getUserPaymentMethod(user.id) });
  if (!method.data) return null;
  const editable = can('payments:write');
  return (
    <div>
      {!editable && (
        <Text size="sm" fw={500}>
          Payment method
        </Text>
      )}
      <PaymentMethodControl
        method={method.data}
        holder="user"
        editable={editable}
        label={`Payment method of ${user.name}`}
        visibleLabel="Payment method"
        size="sm"
        save={(gateway) => setUserPaymentMethod(user.id, gateway)}
        onSaved={(saved) => {
          queryClient.setQueryData(key(user.id), saved);
          void queryClient.invalidateQueries({ queryKey: ['id-tokens'] });
        }}
      />
      {editable && (
        <Text size="xs" c="dimmed" mt={4}>
          Saved as soon as you choose it ("None" goes back to manual); covers every ID token of {user.name} that has no method of
          its own.
        </Text>
      )}
    </div>
  );
}
