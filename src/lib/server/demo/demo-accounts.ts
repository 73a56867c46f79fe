/**
 * The demo staff accounts, one per role, with public demo passwords. Created only on an empty
 * database; with two desk levels the specialist works at level 2.
 */
import type { Database } from '../platform/database/connect.ts';
import { createUser, type NewUser, type User } from '../accounts/users.ts';
import { isRoleActive, type DeskLevels } from '../desk/desk-config.ts';

/**
 * The demo staff: one account per role (two at level 1: a trainee and an experienced agent).
 * The passwords are public (README) — for demonstrations only, never on a real installation.
 */
export const DEMO_ACCOUNTS: readonly NewUser[] = [
  { email: 'lena.fischer@tallyhaus.example', name: 'Lena Fischer', role: 'first_level', trainee: true, password: 'demo-first-level' },
  { email: 'jonas.weber@tallyhaus.example', name: 'Jonas Weber', role: 'first_level', password: 'demo-first-level-2' },
  { email: 'mara.keller@tallyhaus.example', name: 'Mara Keller', role: 'second_level', password: 'demo-second-level' },
  { email: 'deniz.aydin@tallyhaus.example', name: 'Deniz Aydin', role: 'third_level', areas: ['banking', 'export'], password: 'demo-third-level' },
  { email: 'sophie.wagner@tallyhaus.example', name: 'Sophie Wagner', role: 'admin', password: 'demo-admin-account' },
];

/**
 * The demo accounts for a desk with this many levels: with two levels (DESK_LEVELS=2) the
 * specialist Deniz Aydin is a second-level agent with the subject areas banking and export.
 */
export function demoAccountsFor(levels: DeskLevels): NewUser[] {
  return DEMO_ACCOUNTS.map((account) => (isRoleActive(account.role, levels) ? { ...account } : { ...account, role: 'second_level' as const }));
}

/** Creates the demo staff accounts (on an empty database only). Returns the accounts created. */
export async function seedDemoAccounts(database: Database, accounts: readonly NewUser[] = DEMO_ACCOUNTS, levels: DeskLevels = 3): Promise<User[]> {
  const created: User[] = [];
  for (const account of accounts) created.push(await createUser(database, account, { levels }));
  return created;
}
