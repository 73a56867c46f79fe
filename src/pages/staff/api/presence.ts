/**
 * POST /staff/api/presence — the ticket page's heartbeat for the collision warning: form
 * fields `ticket` (reference) and `state` (`viewing`, `replying`, or `gone` when the page is
 * left), and `page`, an id of the page load (a late goodbye of a reloaded page is ignored). Answers with the other agents on the ticket as JSON (`[{ name, state, text }]`, the
 * text in the agent's language); `gone` answers 204. Staff only (every staff role may open
 * every ticket); an unknown ticket is a 404, a bad state a 400.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { getTicketByReference } from '../../../lib/server/desk/ticket-lookup.ts';
import { isPresenceState, leavePresence, markPresence } from '../../../lib/server/desk/ticket-presence.ts';
import { presenceLines } from '../../../lib/server/desk/presence-lines.ts';

export const POST: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const headers = { 'Cache-Control': 'private, no-store' };
  const form = await context.request.formData().catch(() => null);
  const reference = String(form?.get('ticket') ?? '').slice(0, 40);
  const state = String(form?.get('state') ?? '');
  const page = String(form?.get('page') ?? '').slice(0, 64);
  const { database } = await getApp();
  const ticket = await getTicketByReference(database, reference);
  if (!ticket) return Response.json({ error: 'not found' }, { status: 404, headers });
  if (state === 'gone') {
    await leavePresence(database, user.id, ticket.id, page);
    return new Response(null, { status: 204, headers });
  }
  if (!isPresenceState(state)) return Response.json({ error: 'state must be viewing, replying or gone' }, { status: 400, headers });
  const now = Date.now();
  await markPresence(database, { userId: user.id, ticketId: ticket.id, state, now, page });
  return Response.json(await presenceLines(database, ticket.id, user.id, now, context.locals.lang), { headers });
};
