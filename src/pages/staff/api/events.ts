/**
 * GET /staff/api/events — the signed-in agent's event stream (server-sent events, one per
 * open desk tab): a `counts` event with the count of each of the agent's views whenever one
 * changes (checked every second), so the navigation stays current without a reload. The
 * stream ends after a minute (the browser's EventSource reconnects by itself); `?once=1`
 * sends the current counts once and ends (for checks and scripts). Staff only.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { countViews } from '../../../lib/server/desk/views.ts';

const TICK_MS = 1_000;
const LIFETIME_MS = 60_000;

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const { db, config } = await getApp();
  const once = context.url.searchParams.get('once') === '1';
  const counts = (): string => JSON.stringify(Object.fromEntries(countViews(db, user, config.levels).map((view) => [view.key, view.count])));
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let stop: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = counts();
      controller.enqueue(encoder.encode(`retry: 1000\nevent: counts\ndata: ${last}\n\n`));
      if (once) return controller.close();
      const end = (): void => {
        clearInterval(timer);
        clearTimeout(stop);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      timer = setInterval(() => {
        try {
          const now = counts();
          if (now !== last) controller.enqueue(encoder.encode(`event: counts\ndata: ${now}\n\n`));
          else controller.enqueue(encoder.encode(': still here\n\n'));
          last = now;
        } catch {
          end();
        }
      }, TICK_MS);
      stop = setTimeout(end, LIFETIME_MS);
      context.request.signal.addEventListener('abort', end);
    },
    cancel() {
      clearInterval(timer);
      clearTimeout(stop);
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'private, no-store', Connection: 'keep-alive' } });
};
