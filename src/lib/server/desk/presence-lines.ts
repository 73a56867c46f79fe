/**
 * The collision warning as the agent reads it: the other agents on a ticket, each with the
 * sentence in the agent's language ("Mara is replying"). Shared by the ticket page (first
 * render), the heartbeat endpoint and the event stream, so all three say the same.
 */
import { t } from '../../i18n.ts';
import type { Lang } from '../../languages.ts';
import type { Database } from '../platform/database/connect.ts';
import { othersOnTicket, type PresenceState } from './ticket-presence.ts';

/** One line of the collision warning. */
export interface PresenceLine {
  name: string;
  state: PresenceState;
  text: string;
}

/** The other agents on the ticket at `now`, with their sentence in `lang`. */
export async function presenceLines(database: Database, ticketId: number, userId: number, now: number, lang: Lang): Promise<PresenceLine[]> {
  return (await othersOnTicket(database, ticketId, userId, now)).map(({ name, state }) => ({
    name,
    state,
    text: t(lang, state === 'replying' ? 'live.presence.replying' : 'live.presence.viewing', { name }),
  }));
}
