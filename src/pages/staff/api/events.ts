/**
 * GET /staff/api/events — the signed-in agent's event stream (server-sent events, one per
 * open desk tab): a `counts` event with the count of each of the agent's views whenever one
 * changes (checked every second), so the navigation stays current without a reload. The
 * stream ends after a minute (the browser's EventSource reconnects by itself); `?once=1`
 * sends the current counts once and ends (for checks and scripts). With `?ticket=<reference>`
 * (the ticket page) also a `presence` event with the other agents on that ticket (the
 * collision warning, from the database: see desk/ticket-presence.ts) whenever it changes.
 * An `unread` event carries the agent's count of unread notifications (for the bell) at the
 * start and whenever it changes. A `desk` event carries a fingerprint of all tickets (how
 * many, the latest change, the sum of their versions) at the start and whenever any ticket
 * changes: an open view then fetches its own list again (new rows appear, changed rows update,
 * rows that left the view go). The stream looks again when the database announces a change of
 * a desk table on the 'desk' channel (any instance: platform/database/notify.ts), and every
 * few seconds anyway (presence expires with time). Staff only.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { countViews, deskFingerprint } from '../../../lib/server/desk/views.ts';
import { getTicketByReference } from '../../../lib/server/desk/ticket-lookup.ts';
import { presenceLines } from '../../../lib/server/desk/presence-lines.ts';
import { countUnread } from '../../../lib/server/notifications/staff-notifications.ts';
import { listen } from '../../../lib/server/platform/database/notify.ts';

/** The fallback look without a notification (presence rows expire with time, not with a write). */
const TICK_MS = 3_000;
/** A burst of desk notifications (one save writes several tables) is looked at once, this much later… */
const WAKE_DELAY_MS = 50;
/** …and at most this often per stream (hundreds of new tickets a second must not mean hundreds of looks). */
const MIN_GAP_MS = 500;
const LIFETIME_MS = 60_000;

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const { database, config } = await getApp();
  const once = context.url.searchParams.get('once') === '1';
  const views = async (): Promise<string> => JSON.stringify(Object.fromEntries((await countViews(database, user, config.levels)).map((view) => [view.key, view.count])));
  // The view counts and the unread notifications, as the events to send.
  const counts = async (): Promise<string> =>
    `event: counts\ndata: ${await views()}\n\nevent: unread\ndata: ${await countUnread(database, user.id)}\n\nevent: desk\ndata: ${await deskFingerprint(database)}\n\n`;
  const ticketRef = context.url.searchParams.get('ticket');
  const ticket = ticketRef ? await getTicketByReference(database, ticketRef.slice(0, 40)) : null;
  const presence = async (): Promise<string | null> => (ticket ? JSON.stringify(await presenceLines(database, ticket.id, user.id, Date.now(), context.locals.lang)) : null);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let stop: ReturnType<typeof setTimeout> | undefined;
  let finish = (): void => undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let last = await counts();
      let lastPresence = await presence();
      controller.enqueue(encoder.encode(`retry: 1000\n${last}`));
      if (lastPresence !== null) controller.enqueue(encoder.encode(`event: presence\ndata: ${lastPresence}\n\n`));
      if (once) return controller.close();
      let ended = false;
      const end = (): void => {
        ended = true;
        clearInterval(timer);
        clearTimeout(wakeTimer);
        void unlisten?.();
        clearTimeout(stop);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      let wakeTimer: ReturnType<typeof setTimeout> | undefined;
      let unlisten: (() => Promise<void>) | undefined;
      let lastCheck = 0;
      let checking = false;
      const check = async (): Promise<void> => {
        // One look at a time (a slow database must not pile looks up).
        if (checking || ended) return;
        checking = true;
        lastCheck = Date.now();
        try {
          const now = await counts();
          const nowPresence = await presence();
          if (ended) return;
          if (now !== last) controller.enqueue(encoder.encode(now));
          if (nowPresence !== lastPresence) controller.enqueue(encoder.encode(`event: presence\ndata: ${nowPresence}\n\n`));
          if (now === last && nowPresence === lastPresence) controller.enqueue(encoder.encode(': still here\n\n'));
          last = now;
          lastPresence = nowPresence;
        } catch {
          end();
        } finally {
          checking = false;
        }
      };
      const wake = (): void => {
        wakeTimer ??= setTimeout(
          () => {
            wakeTimer = undefined;
            void check();
          },
          Math.max(WAKE_DELAY_MS, lastCheck + MIN_GAP_MS - Date.now()),
        );
      };
      timer = setInterval(() => void check(), TICK_MS);
      listen(database, 'desk', wake).then(
        (stopListening) => (ended ? void stopListening() : (unlisten = stopListening)),
        () => undefined, // the fallback look keeps the stream current
      );
      stop = setTimeout(end, LIFETIME_MS);
      finish = end;
      context.request.signal.addEventListener('abort', end);
    },
    cancel() {
      clearInterval(timer);
      clearTimeout(stop);
      finish();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'private, no-store', Connection: 'keep-alive' } });
};
