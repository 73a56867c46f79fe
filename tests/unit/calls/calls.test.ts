/**
 * The call desk's domain: validation of a call, the three outcomes (each one transaction,
 * channel phone, handling time), the call in progress, the caller lookup, and two-level mode
 * (desk-config's helpers, escalation, assignment by area at level 2, third level switched off).
 */
import { openToken } from '../../../src/lib/server/mail/status-link-seal.ts';
import { findTicketByToken } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { CallInputError, callStartedAt, discardCall, findCallerTickets, startCall, takeCall, validateCall, type CallInput, type CallLookups } from '../../../src/lib/server/calls/calls.ts';
import { activeRoles, canEscalateFrom, deskLevels, effectiveLevel, isRoleActive, levelOfRole, parseDeskConfig, roleHasAreas, topLevel } from '../../../src/lib/server/desk/desk-config.ts';
import { canAct } from '../../../src/lib/server/desk/permissions.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { listLinkedArticles } from '../../../src/lib/server/desk/article-links.ts';
import { listQueue } from '../../../src/lib/server/desk/queues.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { setPresence } from '../../../src/lib/server/desk/assignment.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { actorOf, addUser, CONFIG, countRows, newTicket, NOW, placeTicket, scripted } from '../desk/fixture.ts';

const TWO = { ...CONFIG, levels: 2 as const };

const LOOKUPS: CallLookups = {
  article: (slug) =>
    ({
      'reset-password': { audience: 'public', status: 'validated' },
      'internal-escalation-guide': { audience: 'internal', status: 'validated' },
      'draft-article': { audience: 'public', status: 'draft' },
    })[slug] ?? null,
  isCategory: (key) => ['account', 'invoices', 'banking'].includes(key),
};

function call(overrides: Partial<CallInput> = {}): CallInput {
  return {
    outcome: 'solved',
    name: 'Carla Caller',
    email: 'carla@example.com',
    question: 'I cannot log in since yesterday.\nThe reset mail never came.',
    category: 'account',
    lang: 'en',
    solution: 'Explained the reset link; ticket {ticket_reference}.',
    articleSlug: 'reset-password',
    handlingSeconds: '245',
    ...overrides,
  };
}

describe.each(ENGINES)('calls on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  let agent: number;
  beforeEach(async () => {
    ({ database } = env.current);
    agent = await addUser(database, { name: 'Jonas Weber', role: 'first_level' });
  });

  function outboxFor(ticketId: number): Promise<{ to_address: string; subject: string; body: string }[]> {
    return database.kysely.selectFrom('outbox').select(['to_address', 'subject', 'body']).where('ticket_id', '=', ticketId).orderBy('id').execute();
  }

  describe('takeCall', () => {
    it('solved on the call: a solved phone ticket with handling time, reuse, and the solution mailed with the status link', async () => {
      const taken = await takeCall(database, await actorOf(database, agent), call(), LOOKUPS, CONFIG, NOW);
      const ticket = taken.ticket;
      expect(ticket).toMatchObject({ channel: 'phone', status: 'solved', level: 1, assigneeId: agent, handlingSeconds: 245, callOutcome: 'solved', solvedAt: NOW, firstResponseAt: NOW });
      expect(ticket.solution).toBe(`Explained the reset link; ticket ${ticket.reference}.`);
      expect(await listLinkedArticles(database, ticket.id)).toEqual(['reset-password']);
      const mails = await outboxFor(ticket.id);
      expect(mails).toHaveLength(1);
      expect(mails[0].to_address).toBe('carla@example.com');
      expect(mails[0].subject).toContain('The solution from our call');
      // The private link goes in while sending (placeholder); the token is kept sealed, and it opens this ticket.
      expect(mails[0].body).toMatch(/^\{\{status-link\}\}$/m);
      const sealed = (await database.kysely.selectFrom('tickets').select('token_sealed').where('id', '=', ticket.id).executeTakeFirstOrThrow()).token_sealed!;
      expect((await findTicketByToken(database, openToken(sealed, ticket.id)))?.id).toBe(ticket.id);
      expect(mails[0].body).toContain('https://help.tallyhaus.example/en/articles/reset-password');
      const types = (await listTimeline(database, ticket.id, { includeInternal: true })).map((entry) => (entry.entry === 'event' ? entry.type : entry.kind));
      expect(types).toEqual(['created', 'customer', 'assigned', 'status', 'article_linked']);
    });

    it('solved on the call without an address sends nothing', async () => {
      const { ticket, emailed } = await takeCall(database, await actorOf(database, agent), call({ email: '' }), LOOKUPS, CONFIG, NOW);
      expect(emailed).toBe(false);
      expect(ticket.customerEmail).toBe('');
      expect(await outboxFor(ticket.id)).toHaveLength(0);
    });

    it('open a ticket: open, assigned to the agent who took the call, confirmation mailed', async () => {
      const { ticket } = await takeCall(database, await actorOf(database, agent), call({ outcome: 'ticket', solution: '', articleSlug: '' }), LOOKUPS, CONFIG, NOW);
      expect(ticket).toMatchObject({ status: 'open', level: 1, assigneeId: agent, callOutcome: 'ticket', channel: 'phone' });
      expect((await outboxFor(ticket.id))[0].subject).toContain('We received your request');
      expect(canAct(await actorOf(database, agent), 'solve', ticket)).toBe(true);
    });

    it('escalate: straight to level 2 with the reason, assigned there by the usual rule', async () => {
      const second = await addUser(database, { name: 'Mara Keller', role: 'second_level' });
      const { ticket } = await takeCall(database, await actorOf(database, agent), call({ outcome: 'escalated', reason: 'Needs a look at the bank sync logs.' }), LOOKUPS, CONFIG, NOW);
      expect(ticket).toMatchObject({ status: 'new', level: 2, assigneeId: second, callOutcome: 'escalated' });
      const escalated = (await listTimeline(database, ticket.id, { includeInternal: true })).find((entry) => entry.entry === 'event' && entry.type === 'escalated');
      expect(escalated).toMatchObject({ from: '1', to: '2', detail: 'Needs a look at the bank sync logs.' });
    });

    it('without a timer value the handling time runs from the start of the call in progress, which then ends', async () => {
      expect(await startCall(database, agent, NOW - 90_000)).toBe(NOW - 90_000);
      expect(await startCall(database, agent, NOW - 10_000)).toBe(NOW - 90_000);
      const { ticket } = await takeCall(database, await actorOf(database, agent), call({ handlingSeconds: '' }), LOOKUPS, CONFIG, NOW);
      expect(ticket.handlingSeconds).toBe(90);
      expect(await callStartedAt(database, agent)).toBeNull();
      await startCall(database, agent, NOW);
      await discardCall(database, agent);
      expect(await callStartedAt(database, agent)).toBeNull();
    });

    it('invalid input writes nothing; specialists do not take calls', async () => {
      await expect(takeCall(database, await actorOf(database, agent), call({ outcome: 'ticket', email: '' }), LOOKUPS, CONFIG, NOW)).rejects.toThrow(CallInputError);
      const specialist = await addUser(database, { name: 'Deniz Aydin', role: 'third_level', areas: ['banking'] });
      await expect(takeCall(database, await actorOf(database, specialist), call(), LOOKUPS, CONFIG, NOW)).rejects.toThrow(/does not take calls/);
      expect(await countRows(database, 'tickets')).toBe(0);
    });

    it('second level escalates to level 3 with three levels, and cannot escalate a call with two', async () => {
      const second = await addUser(database, { name: 'Mara Keller', role: 'second_level' });
      const { ticket } = await takeCall(database, await actorOf(database, second), call({ outcome: 'escalated', reason: 'New problem', category: 'banking' }), LOOKUPS, CONFIG, NOW);
      expect(ticket.level).toBe(3);
      await expect(takeCall(database, await actorOf(database, second), call({ outcome: 'escalated', reason: 'New problem' }), LOOKUPS, TWO, NOW)).rejects.toThrow(/escalate.top/);
    });
  });

  describe('findCallerTickets', () => {
    it('finds by reference (with the caller’s other tickets), by address and by name', async () => {
      const first = (await newTicket(database, { email: 'Carla@Example.com', name: 'Carla Caller' }, NOW - 2000)).ticket;
      const second = (await newTicket(database, { email: 'carla@example.com', name: 'Carla C.' }, NOW - 1000)).ticket;
      await newTicket(database, { email: 'other@example.com', name: 'Otto Other' }, NOW);
      expect((await findCallerTickets(database, first.reference.toLowerCase())).map((row) => row.reference)).toEqual([first.reference, second.reference]);
      expect((await findCallerTickets(database, 'carla@')).map((row) => row.reference)).toEqual([second.reference, first.reference]);
      expect((await findCallerTickets(database, 'otto')).map((row) => row.customerName)).toEqual(['Otto Other']);
      expect(await findCallerTickets(database, '%')).toEqual([]);
      expect(await findCallerTickets(database, '100%')).toEqual([]);
    });
  });

  describe('two-level mode', () => {
    it('parses DESK_LEVELS and answers every question in one place', () => {
      expect(parseDeskConfig({}).levels).toBe(3);
      expect(parseDeskConfig({ DESK_LEVELS: ' 2 ' }).levels).toBe(2);
      expect(() => parseDeskConfig({ DESK_LEVELS: '4' })).toThrow(/DESK_LEVELS: "4" is not 2 or 3/);
      expect(deskLevels(2)).toEqual([1, 2]);
      expect(topLevel(2)).toBe(2);
      expect(isRoleActive('third_level', 2)).toBe(false);
      expect(activeRoles(2)).toEqual(['first_level', 'second_level', 'admin']);
      expect(levelOfRole('second_level', 2)).toBe(2);
      expect(levelOfRole('third_level', 3)).toBe(3);
      expect(effectiveLevel(3, 2)).toBe(2);
      expect(canEscalateFrom(2, 2)).toBe(false);
      expect(canEscalateFrom(2, 3)).toBe(true);
      expect(roleHasAreas('second_level', 2)).toBe(true);
      expect(roleHasAreas('second_level', 3)).toBe(false);
    });

    it('escalation stops at level 2; level 2 prefers the agent of the ticket’s area', async () => {
      const general = await addUser(database, { name: 'Gina General', role: 'second_level' });
      const banking = await addUser(database, { name: 'Bea Banking', role: 'second_level', areas: ['banking'] });
      const admin = await actorOf(database, await addUser(database, { name: 'Sophie Wagner', role: 'admin' }));
      let { ticket } = await newTicket(database, { category: 'banking' });
      ticket = await escalateTicket(database, { ticketId: ticket.id, actor: admin, reason: 'bank', expectedVersion: ticket.version, config: TWO, now: NOW, random: scripted(0) });
      expect(ticket).toMatchObject({ level: 2, assigneeId: banking });
      await expect(escalateTicket(database, { ticketId: ticket.id, actor: admin, reason: 'again', expectedVersion: ticket.version, config: TWO, now: NOW })).rejects.toThrow(/already at level 2, the highest level/);
      const other = (await newTicket(database, { category: 'invoices' })).ticket;
      expect((await escalateTicket(database, { ticketId: other.id, actor: admin, reason: 'x', expectedVersion: other.version, config: TWO, now: NOW, random: scripted(0) })).assigneeId).toBe(general);
    });

    it('a level-3 ticket left from three levels is worked at level 2; third level cannot act', async () => {
      const second = await addUser(database, { name: 'Mara Keller', role: 'second_level', present: false });
      const specialist = await addUser(database, { name: 'Deniz Aydin', role: 'third_level', areas: ['invoices'] });
      const { ticket } = await newTicket(database);
      await placeTicket(database, ticket.id, { level: 3, assigneeId: null });
      expect(canAct(await actorOf(database, second), 'note', { level: 3, category: 'invoices' }, 2)).toBe(true);
      expect(canAct(await actorOf(database, specialist), 'note', { level: 3, category: 'invoices' }, 2)).toBe(false);
      await expect(addNote(database, { ticketId: ticket.id, actor: await actorOf(database, specialist), body: 'advice', expectedVersion: ticket.version, config: TWO, now: NOW })).rejects.toThrow(/Level 3 is switched off/);
      expect((await listQueue(database, 2, { andAbove: true, now: NOW })).map((row) => row.reference)).toEqual([ticket.reference]);
      expect((await setPresence(database, { userId: second, present: true, now: NOW, random: scripted(0), levels: 2 })).map((row) => row.reference)).toEqual([ticket.reference]);
    });
  });

  describe('two-level mode: accounts and demo data', () => {
    it('user accounts follow DESK_LEVELS: no third level with two, areas optional for second level', async () => {
      const { createUser } = await import('../../../src/lib/server/accounts/users.ts');
      const base = { password: 'a-long-enough-password', name: 'Someone' };
      await expect(createUser(database, { ...base, email: 'third@example.com', role: 'third_level', areas: ['banking'] }, { levels: 2 })).rejects.toThrow(/no third level/);
      const second = await createUser(database, { ...base, email: 'second@example.com', role: 'second_level', areas: ['banking'] }, { levels: 2 });
      expect(second.areas).toEqual(['banking']);
      expect((await createUser(database, { ...base, email: 'plain@example.com', role: 'second_level' }, { levels: 2 })).areas).toEqual([]);
      await expect(createUser(database, { ...base, email: 'second3@example.com', role: 'second_level', areas: ['banking'] })).rejects.toThrow(/only third-level specialists/);
    });

    it('the demo accounts and calls follow the setting; demo calls queue no e-mails', async () => {
      const { demoAccountsFor, seedDemoAccounts } = await import('../../../src/lib/server/demo/demo-accounts.ts');
      const { seedDemoCalls } = await import('../../../src/lib/server/demo/demo-calls.ts');
      expect(demoAccountsFor(2).find((account) => account.email.startsWith('deniz'))).toMatchObject({ role: 'second_level', areas: ['banking', 'export'] });
      expect(demoAccountsFor(3).find((account) => account.email.startsWith('deniz'))?.role).toBe('third_level');
      // An empty database: the test's agent already uses Jonas Weber's address.
      const { database: fresh } = await env.reset();
      await seedDemoAccounts(fresh, demoAccountsFor(2), 2);
      const store = { get: (slug: string) => ({ slug, audience: 'public', status: 'validated' }), categories: () => ['account', 'invoices', 'payments', 'banking', 'export', 'users', 'taxes'].map((key) => ({ key })) };
      const calls = await seedDemoCalls(fresh, store as never, TWO, NOW);
      expect(calls).toHaveLength(14);
      expect(calls.every((ticket) => ticket.channel === 'phone' && ticket.handlingSeconds !== null && ticket.createdAt <= NOW)).toBe(true);
      expect(calls.filter((ticket) => ticket.callOutcome === 'escalated').every((ticket) => ticket.level === 2)).toBe(true);
      expect(await countRows(fresh, 'outbox')).toBe(0);
    });
  });
});

describe.each(ENGINES)('the call in progress and the caller lookup on %s', (engine) => {
  const env = useDatabase(engine);
  let serial = 0;
  /** A ticket row written directly (the lookup reads only these columns). */
  const addTicket = async (customer: { name: string; email: string }, createdAt: number): Promise<string> => {
    const reference = `T-2026-${String(++serial).padStart(6, '0')}`;
    await env.current.database.kysely
      .insertInto('tickets')
      .values({
        reference,
        token_hash: `hash-${engine}-${serial}`,
        customer_name: customer.name,
        customer_email: customer.email,
        subject: `Question ${serial}`,
        category: 'invoices',
        lang: 'en',
        created_at: createdAt,
        updated_at: createdAt,
        first_response_due: createdAt + 86_400_000,
      })
      .execute();
    return reference;
  };

  it('keeps one call in progress per agent until it is discarded', async () => {
    const { database } = env.current;
    const agent = (
      await database.kysely.insertInto('users').values({ email: `caller.agent.${engine}@tallyhaus.example`, name: 'Call Agent', role: 'first_level', password_hash: 'x', created_at: NOW }).returning('id').executeTakeFirstOrThrow()
    ).id;
    expect(await callStartedAt(database, agent)).toBeNull();
    expect(await startCall(database, agent, NOW - 90_000)).toBe(NOW - 90_000);
    expect(await startCall(database, agent, NOW - 10_000)).toBe(NOW - 90_000);
    expect(await callStartedAt(database, agent)).toBe(NOW - 90_000);
    await discardCall(database, agent);
    expect(await callStartedAt(database, agent)).toBeNull();
  });

  it('finds by reference (with the caller’s other tickets, any case of the address), by address and by name, case-insensitively', async () => {
    const { database } = env.current;
    const first = await addTicket({ name: 'Carla Caller', email: 'Carla@Example.com' }, NOW - 2000);
    const second = await addTicket({ name: 'Carla C.', email: 'carla@example.com' }, NOW - 1000);
    await addTicket({ name: 'Otto Other', email: 'other@example.com' }, NOW);
    expect((await findCallerTickets(database, first.toLowerCase())).map((row) => row.reference)).toEqual([first, second]);
    expect((await findCallerTickets(database, second)).map((row) => row.reference)).toEqual([second, first]);
    expect((await findCallerTickets(database, 'CARLA@')).map((row) => row.reference)).toEqual([second, first]);
    expect((await findCallerTickets(database, 'otto')).map((row) => row.customerName)).toEqual(['Otto Other']);
    expect((await findCallerTickets(database, 'carla', 1)).map((row) => row.reference)).toEqual([second]);
    expect(await findCallerTickets(database, '%')).toEqual([]);
    expect(await findCallerTickets(database, '100%')).toEqual([]);
    expect(await findCallerTickets(database, 'T-2026-999999')).toEqual([]);
  });
});

describe('validateCall', () => {
  it('strips NUL and other control characters from every text field (clean-text.ts)', () => {
    const values = validateCall(call({ name: 'Car\0la\u0007', subject: 'Sub\0ject\u001b', question: 'Line\0 1\r\nLine 2\u0085' }), LOOKUPS);
    expect(values).toMatchObject({ name: 'Carla', subject: 'Subject', question: 'Line 1\nLine 2' });
  });

  it('reports every problem at once, per field', () => {
    try {
      validateCall(call({ outcome: 'escalated', name: ' ', email: 'not-an-address', question: '', category: 'nope', lang: 'fr', reason: '', handlingSeconds: '-3' }), LOOKUPS);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CallInputError);
      expect((error as CallInputError).fields).toEqual({
        name: 'name.required',
        email: 'email.invalid',
        question: 'question.required',
        category: 'category',
        lang: 'lang',
        reason: 'reason.required',
        handlingSeconds: 'handling',
      });
    }
  });

  it('requires a solution or a public article to solve on the call, and an address for a ticket or escalation', () => {
    expect(() => validateCall(call({ solution: '', articleSlug: '' }), LOOKUPS)).toThrow(/solution \(solution.required\)/);
    expect(() => validateCall(call({ solution: '', articleSlug: 'internal-escalation-guide' }), LOOKUPS)).toThrow(/article.internal/);
    expect(() => validateCall(call({ articleSlug: 'draft-article' }), LOOKUPS)).toThrow(/article.unknown/);
    expect(() => validateCall(call({ outcome: 'ticket', email: '' }), LOOKUPS)).toThrow(/email.required/);
    expect(() => validateCall(call({ outcome: 'escalated', email: '', reason: 'x' }), LOOKUPS)).toThrow(/email.required/);
    // Solved on the call: the address is optional (the caller already has the answer).
    expect(validateCall(call({ email: '' }), LOOKUPS).email).toBe('');
    // The subject defaults to the question's first line.
    expect(validateCall(call(), LOOKUPS).subject).toBe('I cannot log in since yesterday.');
  });
});
