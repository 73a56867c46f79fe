/**
 * What admins change on colleagues' accounts (account-admin.ts) and what the team page does
 * with their open tickets (team/release-open-tickets.ts), on both engines: each refusal names
 * its rule (the interface text key the page shows), only admins act, nobody disables
 * themselves or drops their own admin role, the last enabled admin stays, a new role makes the
 * colleague away, a new password or a disabled account ends their sessions, and the open
 * tickets of a disabled colleague go back to the queue with the reason in the event.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { setAccountDisabled, setAccountPassword, updateAccount, type AccountChanges } from '../../../src/lib/server/accounts/account-admin.ts';
import { verifyPassword } from '../../../src/lib/server/accounts/passwords.ts';
import { createSession } from '../../../src/lib/server/accounts/session.ts';
import { createUser, getUserById, PermissionDeniedError, UserInputError, type User } from '../../../src/lib/server/accounts/users.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import { DEFAULT_DESK_CONFIG } from '../../../src/lib/server/desk/desk-config.ts';
import { changeColleagueAccount, setColleagueDisabled } from '../../../src/lib/server/team/change-account.ts';
import { listTeam } from '../../../src/lib/server/team/team-list.ts';
import { ENGINES, useDatabase } from '../engines.ts';

const PASSWORD = 'a-long-password';
const AREAS = ['banking', 'export'];

describe.each(ENGINES)('account administration on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let admin: User;
  let agent: User;
  let second: User;

  beforeEach(async () => {
    const { database } = env.current;
    admin = await createUser(database, { email: 'sophie@example.com', name: 'Sophie Wagner', role: 'admin', password: PASSWORD });
    agent = await createUser(database, { email: 'lena@example.com', name: 'Lena Fischer', role: 'first_level', trainee: true, password: PASSWORD });
    second = await createUser(database, { email: 'mara@example.com', name: 'Mara Keller', role: 'second_level', password: PASSWORD });
  });

  const changes = (user: User, patch: Partial<AccountChanges> = {}): AccountChanges => ({ name: user.name, role: user.role, areas: user.areas, trainee: user.trainee, languages: user.languages, ...patch });

  async function refusal(run: () => Promise<unknown>): Promise<UserInputError> {
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }

  describe('updateAccount', () => {
    it('changes name, role, areas and languages in one go; a new role makes the colleague away', async () => {
      const { database } = env.current;
      await database.kysely.updateTable('users').set({ present: 1 }).where('id', '=', agent.id).execute();
      const { user, roleChanged } = await updateAccount(database, agent.id, { name: ' Lena F. ', role: 'third_level', areas: ['export', 'banking', 'export'], trainee: false, languages: ['de'] }, admin, { knownAreas: AREAS });
      expect(roleChanged).toBe(true);
      expect(user).toMatchObject({ name: 'Lena F.', role: 'third_level', areas: ['banking', 'export'], trainee: false, languages: ['de'], present: false });
      // The same role again changes nothing about presence.
      await database.kysely.updateTable('users').set({ present: 1 }).where('id', '=', agent.id).execute();
      expect((await updateAccount(database, agent.id, changes(user, { languages: ['de', 'en'] }), admin, { knownAreas: AREAS })).user).toMatchObject({ present: true, languages: ['de', 'en'] });
    });

    it('names the broken rule', async () => {
      const { database } = env.current;
      const keyOf = async (patch: Partial<AccountChanges>) => (await refusal(() => updateAccount(database, agent.id, changes(agent, patch), admin, { knownAreas: AREAS }))).key;
      expect(await keyOf({ role: 'third_level', trainee: false, areas: [] })).toBe('team.error.areasNeeded');
      expect(await keyOf({ areas: ['banking'], trainee: false })).toBe('team.error.areasRole');
      expect(await keyOf({ role: 'third_level', trainee: false, areas: ['gardening'] })).toBe('team.error.areasUnknown');
      expect(await keyOf({ role: 'second_level', trainee: true })).toBe('team.error.trainee');
      expect(await keyOf({ languages: [] })).toBe('team.error.languages');
      expect(await keyOf({ name: '  ' })).toBe('team.error.name');
      expect(await keyOf({ role: 'boss' as never })).toBe('team.error.role');
      expect(await getUserById(database, agent.id)).toEqual(agent);
    });

    it('is for admins only; an admin keeps their own admin role, and the last enabled admin stays one', async () => {
      const { database } = env.current;
      await expect(updateAccount(database, agent.id, changes(agent), second)).rejects.toBeInstanceOf(PermissionDeniedError);
      expect((await refusal(() => updateAccount(database, admin.id, changes(admin, { role: 'second_level' }), admin))).key).toBe('team.error.self');
      const other = await createUser(database, { email: 'ops@example.com', name: 'Ops', role: 'admin', password: PASSWORD });
      await setAccountDisabled(database, other.id, true, admin);
      // The other admin is disabled: it cannot take Sophie's place.
      expect((await refusal(() => updateAccount(database, admin.id, changes(admin, { role: 'second_level' }), other))).key).toBe('team.error.lastAdmin');
    });
  });

  describe('setAccountDisabled', () => {
    it('disables (away, sessions ended) and enables again (still away); never oneself', async () => {
      const { database } = env.current;
      await database.kysely.updateTable('users').set({ present: 1 }).where('id', '=', agent.id).execute();
      await createSession(database, 'agent-session-token-0000000000000', agent.id);
      expect(await setAccountDisabled(database, agent.id, true, admin)).toMatchObject({ disabled: true, present: false });
      expect(await database.kysely.selectFrom('sessions').select('id').where('user_id', '=', agent.id).execute()).toEqual([]);
      expect(await setAccountDisabled(database, agent.id, false, admin)).toMatchObject({ disabled: false, present: false });
      expect((await refusal(() => setAccountDisabled(database, admin.id, true, admin))).key).toBe('team.error.self');
      await expect(setAccountDisabled(database, agent.id, true, second)).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  });

  describe('setAccountPassword', () => {
    it('sets a password within the policy and ends the sessions', async () => {
      const { database } = env.current;
      await createSession(database, 'agent-session-token-1111111111111', agent.id);
      const short = await refusal(() => setAccountPassword(database, agent.id, 'short', admin));
      expect(short).toMatchObject({ key: 'team.error.passwordShort', values: { min: 10 } });
      expect((await refusal(() => setAccountPassword(database, agent.id, 'LENA@example.com', admin))).key).toBe('team.error.passwordEmail');
      expect(await database.kysely.selectFrom('sessions').select('id').where('user_id', '=', agent.id).execute()).toHaveLength(1);
      await setAccountPassword(database, agent.id, 'a-new-long-password', admin);
      const { password_hash } = await database.kysely.selectFrom('users').select('password_hash').where('id', '=', agent.id).executeTakeFirstOrThrow();
      expect(await verifyPassword(password_hash, 'a-new-long-password')).toBe(true);
      expect(await database.kysely.selectFrom('sessions').select('id').where('user_id', '=', agent.id).execute()).toEqual([]);
    });
  });

  describe('the team page: releasing open tickets, the list', () => {
    it('puts a disabled colleague’s open tickets back into the queue with the reason, and counts open tickets per account', async () => {
      const { database } = env.current;
      const tickets = [];
      for (const n of [1, 2]) {
        const { ticket } = await createTicket(database, { input: { name: 'Theo', email: 'theo@example.com', subject: `Ticket ${n}`, description: 'Help.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
        await database.kysely.updateTable('tickets').set({ assignee_id: agent.id }).where('id', '=', ticket.id).execute();
        tickets.push(ticket);
      }
      expect((await listTeam(database)).find((member) => member.id === agent.id)?.openTickets).toBe(2);
      expect((await setColleagueDisabled(database, { userId: agent.id, disabled: true, actor: admin, config: DEFAULT_DESK_CONFIG })).released).toBe(2);
      const rows = await database.kysely.selectFrom('tickets').select(['assignee_id']).where('id', 'in', tickets.map((ticket) => ticket.id)).execute();
      expect(rows.every((row) => row.assignee_id !== agent.id)).toBe(true);
      const events = await database.kysely.selectFrom('ticket_events').select(['detail']).where('ticket_id', '=', tickets[0]!.id).where('type', '=', 'assigned').execute();
      expect(events.map((event) => event.detail)).toContain('released: account disabled');
      expect((await listTeam(database)).find((member) => member.id === agent.id)?.openTickets).toBe(0);
    });

    it('a new role releases the open tickets too; the same role releases nothing', async () => {
      const { database } = env.current;
      const { ticket } = await createTicket(database, { input: { name: 'Theo', email: 'theo@example.com', subject: 'Role ticket', description: 'Help.', category: 'banking', lang: 'en' }, config: DEFAULT_DESK_CONFIG });
      await database.kysely.updateTable('tickets').set({ assignee_id: agent.id }).where('id', '=', ticket.id).execute();
      const same = await changeColleagueAccount(database, { userId: agent.id, changes: changes(agent, { name: 'Lena F.' }), actor: admin, config: DEFAULT_DESK_CONFIG, knownAreas: AREAS });
      expect(same).toMatchObject({ roleChanged: false, released: 0 });
      const moved = await changeColleagueAccount(database, { userId: agent.id, changes: changes(agent, { role: 'second_level', trainee: false }), actor: admin, config: DEFAULT_DESK_CONFIG, knownAreas: AREAS });
      expect(moved).toMatchObject({ roleChanged: true, released: 1 });
      const event = await database.kysely.selectFrom('ticket_events').select('detail').where('ticket_id', '=', ticket.id).where('type', '=', 'assigned').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(event.detail).toBe('released: role changed');
    });
  });
});
