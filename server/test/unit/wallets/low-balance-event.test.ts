import { describe, expect, it } from 'vitest';
import { scopeFor } from '../../../src/domain/scope.js';
import type { LiveEvent } from '../../../src/live/bus.js';
import { canReceive } from '../../../src/live/scope-filter.js';

describe('who receives wallet.low_balance', () => {
  const event: LiveEvent = {
    type: 'wallet.low_balance',
    payload: {
      organizationId: 'o1',
      siteId: 's1',
      chargerId: 'c1',
      walletId: 'w1',
      userId: 'u1',
      sessionId: 'x1',
      balanceMinor: 1_000,
      lowBalanceMinor: 50_000,
      negativeLimitMinor: 0,
      currency: 'LKR',
      at: '',
    },
  };
  const base = {
    userId: 'u',
    organizationId: 'o1',
    organizationRestriction: null,
    organizationTree: ['o1'],
    assignedChargerIds: [] as string[],
    assignedSiteIds: [] as string[],
    assignedOrganizationIds: [] as string[],
    customRole: null,
  };
  const custom = (permissions: string[], tree = ['o1']) =>
    scopeFor({ ...base, role: 'custom', organizationTree: tree, customRole: { permissions, siteIds: null } });

  it.each([
    ['admin', scopeFor({ ...base, role: 'admin' }), true],
    ['CPO (monitoring and payments:read)', scopeFor({ ...base, role: 'cpo' }), true],
    ['custom role with monitoring and payments:read', custom(['monitoring:read', 'payments:read']), true],
    ['the same role of another organization', custom(['monitoring:read', 'payments:read'], ['o2']), false],
    ['custom role with monitoring only', custom(['monitoring:read']), false],
    ['driver', scopeFor({ ...base, role: 'driver' }), false],
  ])('%s → %s', (_name, scope, expected) => {
    expect(canReceive(scope, event)).toBe(expected);
  });
});
