import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, CUSTOM_ROLE_GRANTABLE, PERMISSIONS, ROLE_DEFINITIONS } from '../../src/domain/permissions.js';

// docs/roles.md describes the built-in roles; this keeps its tables equal to the permission table.

const DOC = readFileSync(new URL('../../../docs/roles.md', import.meta.url), 'utf8');

const codes = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** A permissions cell: an explicit list, or "all but …" (every permission except those listed). */
function permissionsOf(cell: string): string[] {
  const listed = codes(cell);
  return cell.startsWith('all but') ? PERMISSIONS.filter((p) => !listed.includes(p)) : listed;
}

function builtInRoleRows() {
  const section = DOC.split(/^## /m).find((s) => s.startsWith('Built-in roles')) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
    .map(([name = '', key = '', scope = '', permissions = '']) => ({
      name,
      key: codes(key)[0],
      scope: codes(scope)[0],
      permissions: permissionsOf(permissions),
    }));
}

describe('docs/roles.md', () => {
  it('lists every built-in role with the name, scope and permissions the code gives it', () => {
    expect(builtInRoleRows()).toEqual(
      BUILT_IN_ROLES.map((key) => {
        const role = ROLE_DEFINITIONS[key];
        return { name: role.name, key, scope: role.scope, permissions: [...role.permissions] };
      }),
    );
  });

  it('names exactly the permissions a custom role can never hold', () => {
    const line = DOC.split('\n').find((l) => l.startsWith('Never grantable in a custom role:')) ?? '';
    const paragraph = line + DOC.split(line)[1]!.split('\n\n')[0];
    expect(codes(paragraph)).toEqual(PERMISSIONS.filter((p) => !CUSTOM_ROLE_GRANTABLE.includes(p)));
  });
});
