/**
 * GET /tickets/status/:token/attachments/:id — an attachment of the customer's own ticket,
 * always as a download. A wrong token, or an attachment of another ticket, is the same 404.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../../../lib/server/platform/app.ts';
import { getAttachment } from '../../../../../lib/server/attachments/attachment-store.ts';
import { attachmentResponse } from '../../../../../lib/server/attachments/attachment-response.ts';
import { findTicketByToken } from '../../../../../lib/server/desk/ticket-lookup.ts';

export const GET: APIRoute = async ({ params }) => {
  const app = await getApp();
  const ticket = await findTicketByToken(app.database, params.token);
  const id = /^\d{1,12}$/.test(params.id ?? '') ? Number(params.id) : 0;
  const attachment = ticket && id ? await getAttachment(app.database, app.attachments.dir, id) : null;
  if (!ticket || !attachment || attachment.ticketId !== ticket.id) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return attachmentResponse(app.database, attachment, false);
};
