/**
 * The ticket workspace's view model: controls per role and state, the composer's tabs
 * (specialists only advise), conflicts and kept input, notices, and the event details the
 * domain records in English shown as text keys.
 */
import { describe, expect, it } from 'vitest';
import { buildTicketView, eventDetailText, type TicketViewInput } from '../../../src/lib/server/desk/ticket-view.ts';
import type { Actor, Ticket, TimelineEntry } from '../../../src/lib/server/desk/types.ts';

const NOW = Date.UTC(2026, 9, 14, 12);
const ticket: Ticket = {
  id: 1, reference: 'T-2026-000001', customerName: 'Erika', customerEmail: 'erika@example.com', subject: 'Invoice', category: 'banking', lang: 'de',
  priority: 'normal', status: 'open', level: 1, assigneeId: 7, channel: 'web', handlingSeconds: null, callOutcome: null, solution: null,
  sourceQuery: null, sourceArticle: null, createdAt: NOW, updatedAt: NOW, firstResponseDue: NOW + 3_600_000, firstResponseAt: null, resolutionDue: null, solvedAt: null, closedAt: null, version: 4,
};
const first: Actor = { id: 7, role: 'first_level', areas: [] };
const specialist: Actor = { id: 9, role: 'third_level', areas: ['banking'] };

function view(overrides: Partial<TicketViewInput> = {}) {
  return buildTicketView({ ticket, actor: first, levels: 3, timeline: [], linked: [], failed: null, kept: {}, params: new URLSearchParams(), now: NOW, ...overrides });
}

describe('buildTicketView', () => {
  it('gives first level reply and note tabs, escalation but no hand-back, and no "take" on its own ticket', () => {
    const v = view();
    expect(v.composer.tabs).toEqual(['reply', 'note']);
    expect(v.composer.active).toBe('reply');
    expect(v.composer.noteTab).toBe('workspace.composer.note');
    expect(v.show).toMatchObject({ reply: true, note: true, solve: true, escalate: true, handBack: false, take: false, picker: true });
    expect(v.escalateTo).toBe(2);
    expect(v.handBackTo).toBeNull();
    expect(v.version).toBe('4');
  });

  it('gives specialists only the advice tab, and hand-back to level 2', () => {
    const v = view({ actor: specialist, ticket: { ...ticket, level: 3 } });
    expect(v.composer.tabs).toEqual(['note']);
    expect(v.composer.active).toBe('note');
    expect(v.composer.noteTab).toBe('workspace.composer.advice');
    expect(v.show).toMatchObject({ reply: false, solve: false, escalate: false, handBack: true, take: true });
    expect(v.handBackTo).toBe(2);
  });

  it('is read-only outside the agent’s level, and closed tickets have no controls', () => {
    expect(view({ ticket: { ...ticket, level: 2 } }).readOnly).toBe(true);
    const closed = view({ ticket: { ...ticket, status: 'closed' } });
    expect(closed.closed).toBe(true);
    expect(Object.values(closed.show).some(Boolean)).toBe(false);
    expect(closed.composer.tabs).toEqual([]);
  });

  it('keeps a failed form’s text, opens its disclosure and lists the changes after a conflict', () => {
    const entries = [{ version: 4 }, { version: 5 }] as TimelineEntry[];
    const v = view({ timeline: entries, failed: { name: 'escalate', code: 'CONFLICT', message: '', fields: {} }, kept: { version: '4', reason: 'Needs level 2' } });
    expect(v.keep('escalate', 'reason')).toBe('Needs level 2');
    expect(v.keep('reply', 'body')).toBe('');
    expect(v.open.escalate).toBe(true);
    expect(v.changes).toEqual([{ version: 5 }]);
    expect(v.done).toBeNull();
    const note = view({ failed: { name: 'note', code: 'BAD_REQUEST', message: '', fields: { body: ['x'] } } });
    expect(note.composer.active).toBe('note');
  });

  it('shows the notice of a known action only', () => {
    expect(view({ params: new URLSearchParams('done=reply') }).done).toEqual({ name: 'reply', key: 'desk.done.reply' });
    expect(view({ params: new URLSearchParams('done=drop') }).done).toBeNull();
    expect(view({ params: new URLSearchParams('compose=note') }).composer.active).toBe('note');
  });
});

describe('eventDetailText', () => {
  it('translates the domain’s fixed words and leaves what people wrote', () => {
    expect(eventDetailText('assigned', 'taken')).toEqual({ key: 'workspace.event.detail.taken', values: {} });
    expect(eventDetailText('assigned', 'from the waiting queue')?.key).toBe('workspace.event.detail.queue');
    expect(eventDetailText('assigned', 'handed back')?.key).toBe('workspace.event.detail.handedBack');
    expect(eventDetailText('assigned', 'escalated')?.key).toBe('workspace.event.detail.escalated');
    expect(eventDetailText('created', 'phone call taken by the agent (240 s)')).toEqual({ key: 'workspace.event.detail.call', values: { seconds: '240' } });
    expect(eventDetailText('assigned', 'rebalanced')?.key).toBe('workspace.event.detail.rebalanced');
    expect(eventDetailText('assigned', 'merged')?.key).toBe('workspace.event.detail.merged');
    expect(eventDetailText('assigned', 'back to the agent who escalated it')?.key).toBe('workspace.event.detail.backToEscalator');
    expect(eventDetailText('assigned', 'released: assignee away')?.key).toBe('workspace.event.detail.releasedAway');
    expect(eventDetailText('assigned', 'released: account disabled')?.key).toBe('team.event.detail.disabled');
    expect(eventDetailText('assigned', 'released: Urlaub')).toEqual({ key: 'workspace.event.detail.released', values: { reason: 'Urlaub' } });
    expect(eventDetailText('status', 'customer replied')?.key).toBe('workspace.event.detail.customerReplied');
    expect(eventDetailText('status', 'closed automatically 7 days after it was solved')).toEqual({ key: 'workspace.event.detail.autoClosed', values: { days: '7' } });
    expect(eventDetailText('escalated', 'taken')).toBeNull();
    expect(eventDetailText('assigned', null)).toBeNull();
  });
});
