/**
 * GET /staff/attachments/:id — an attachment for staff who have the right to its ticket (the
 * same reach as for working on it: their level, a specialist's areas; admins always).
 * `?inline=1` shows an image inline (thumbnails on the ticket page); everything else downloads.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { FORBIDDEN_PATH, requireStaff } from '../../../lib/server/accounts/guard.ts';
import { getAttachment } from '../../../lib/server/attachments/attachment-store.ts';
import { attachmentResponse } from '../../../lib/server/attachments/attachment-response.ts';
import { canAct } from '../../../lib/server/desk/permissions.ts';
import { getTicket } from '../../../lib/server/desk/ticket-lookup.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const app = await getApp();
  const id = /^\d{1,12}$/.test(context.params.id ?? '') ? Number(context.params.id) : 0;
  const attachment = id ? await getAttachment(app.database, app.attachments.dir, id) : null;
  const ticket = attachment ? await getTicket(app.database, attachment.ticketId) : null;
  if (!attachment || !ticket) return new Response('Not found', { status: 404 });
  if (!canAct({ id: user.id, role: user.role, areas: user.areas }, 'note', ticket, app.config.levels)) return context.rewrite(FORBIDDEN_PATH);
  return attachmentResponse(app.database, attachment, context.url.searchParams.get('inline') === '1');
};
