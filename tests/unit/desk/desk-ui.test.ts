/**
 * The desk UI's contracts with the domain that TypeScript cannot check: every status,
 * priority, channel, timeline entry kind, event type and outbox state the pages turn into a
 * text key (`desk.status.${status}` …) has a text in both languages; and the role table the
 * desk actions enforce (src/actions/desk.ts, README) is the domain's `canAct` on tickets of the
 * agent's own level.
 */
import { describe, expect, it } from 'vitest';
import { t, type MessageKey } from '../../../src/lib/i18n.ts';
import { canAct, STAFF_ACTIONS, type StaffAction } from '../../../src/lib/server/desk/permissions.ts';
import { PRIORITIES, TICKET_STATUSES, type Level } from '../../../src/lib/server/desk/vocabulary.ts';
import type { Actor } from '../../../src/lib/server/desk/types.ts';
import { ROLES, type Role } from '../../../src/lib/server/accounts/roles.ts';

const DYNAMIC_KEYS: string[] = [
  ...TICKET_STATUSES.map((status) => `desk.status.${status}`),
  ...PRIORITIES.map((priority) => `desk.priority.${priority}`),
  ...['web', 'phone', 'email'].map((channel) => `desk.channel.${channel}`),
  ...['customer', 'reply', 'note', 'advice', 'event'].map((kind) => `desk.entry.${kind}`),
  ...['created', 'status', 'priority', 'first_response_due', 'assigned', 'escalated', 'handed_back', 'article_linked', 'tag_added', 'tag_removed'].map((type) => `desk.event.${type}`),
  ...['pending', 'sent', 'failed'].map((status) => `desk.outbox.status.${status}`),
  ...STAFF_ACTIONS.map((action) => `desk.done.${action}`),
];

describe('desk texts', () => {
  it.each(DYNAMIC_KEYS)('%s exists in English and German', (key) => {
    const en = t('en', key as MessageKey);
    const de = t('de', key as MessageKey);
    expect(typeof en).toBe('string');
    expect(en.length).toBeGreaterThan(0);
    expect(de.length).toBeGreaterThan(0);
  });

  it('fills placeholders in the conflict and presence messages', () => {
    expect(t('en', 'desk.presence.nowPresent.other', { count: 3 })).toBe('You are present. 3 waiting tickets were assigned.');
    expect(t('de', 'desk.queue.title', { level: 2 })).toBe('Warteschlange Level 2');
    expect(t('en', 'desk.conflict.title')).toBe('This ticket changed while you were working — here is what changed');
  });
});

/** The table in the README and tests/e2e/roles.spec.ts: what each role may do on its own level. */
const EXPECTED: Record<Role, readonly StaffAction[]> = {
  first_level: ['reply', 'note', 'setPriority', 'setCategory', 'solve', 'putOnHold', 'escalate', 'take', 'linkArticle', 'assign', 'merge', 'relate', 'tag'],
  second_level: STAFF_ACTIONS.filter((action) => action !== 'advise'),
  third_level: ['note', 'handBack', 'take', 'assign', 'advise', 'relate', 'tag'],
  admin: STAFF_ACTIONS,
};
const OWN_LEVEL: Record<Role, Level> = { first_level: 1, second_level: 2, third_level: 3, admin: 2 };

describe('desk role table', () => {
  for (const role of ROLES) {
    for (const action of STAFF_ACTIONS) {
      const allowed = EXPECTED[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action} on a ticket of their level`, () => {
        const actor: Actor = { id: 1, role, areas: role === 'third_level' ? ['export'] : [] };
        expect(canAct(actor, action, { level: OWN_LEVEL[role], category: 'export' })).toBe(allowed);
      });
    }
  }

  it('nobody but admins acts on another level, specialists only in their areas', () => {
    expect(canAct({ id: 1, role: 'first_level', areas: [] }, 'escalate', { level: 2, category: 'export' })).toBe(false);
    expect(canAct({ id: 1, role: 'second_level', areas: [] }, 'reply', { level: 3, category: 'export' })).toBe(false);
    expect(canAct({ id: 1, role: 'third_level', areas: ['banking'] }, 'note', { level: 3, category: 'export' })).toBe(false);
    expect(canAct({ id: 1, role: 'third_level', areas: ['export'] }, 'reply', { level: 3, category: 'export' })).toBe(false);
    expect(canAct({ id: 1, role: 'admin', areas: [] }, 'handBack', { level: 3, category: 'export' })).toBe(true);
    // Releasing an away agent's ticket to the queue: second level on every level, first level never.
    expect(canAct({ id: 1, role: 'second_level', areas: [] }, 'release', { level: 1, category: 'export' })).toBe(true);
    expect(canAct({ id: 1, role: 'first_level', areas: [] }, 'release', { level: 1, category: 'export' })).toBe(false);
  });
});
