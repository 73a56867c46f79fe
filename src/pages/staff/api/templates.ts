/**
 * GET /staff/api/templates?q=…&lang=de|en&ticket=<reference>[&id=<template id>] — the ticket
 * view's (and the call page's) "Standard answer" picker as JSON: templates whose title contains `q`, the ticket's
 * language first (or only `lang`), each with its text filled for the ticket (customer name,
 * reference, the signed-in agent's name, the article's public URL). With `id`: that one
 * template only. Staff only, like every staff route; an unknown ticket is a 404.
 *
 * For a call in progress (no ticket yet): `call=1&name=<caller>&callLang=de|en` instead of
 * `ticket`. The caller's name fills {customer_name} (left as is while no name is typed), and
 * {ticket_reference} stays as is: the call's action fills both when it creates the ticket.
 */
import type { APIRoute } from 'astro';
import { getApp } from '../../../lib/server/platform/app.ts';
import { requireStaff } from '../../../lib/server/accounts/guard.ts';
import { getTicketByReference } from '../../../lib/server/desk/ticket-lookup.ts';
import { pickerTemplate, pickerTemplates } from '../../../lib/server/desk/template-picker.ts';
import { deskConfig } from '../../../actions/desk.ts';
import { isLang } from '../../../lib/languages.ts';

export const GET: APIRoute = async (context) => {
  const user = await requireStaff(context);
  if (user instanceof Response) return user;
  const { url } = context;
  const headers = { 'Cache-Control': 'private, no-store' };
  const app = await getApp();
  const callLang = url.searchParams.get('callLang');
  const ticket =
    url.searchParams.get('call') === '1'
      ? {
          customerName: (url.searchParams.get('name') ?? '').trim().slice(0, 100) || '{customer_name}',
          reference: '{ticket_reference}',
          lang: isLang(callLang) ? callLang : context.locals.lang,
        }
      : await getTicketByReference(app.database, (url.searchParams.get('ticket') ?? '').trim().slice(0, 40));
  if (!ticket) return Response.json({ error: 'no such ticket' }, { status: 404, headers });
  const options = { agentName: user.name, store: app.store, config: deskConfig(app) };
  const id = url.searchParams.get('id');
  if (id !== null) {
    const template = await pickerTemplate(app.database, ticket, Number.parseInt(id, 10), options);
    if (!template) return Response.json({ error: 'no such template' }, { status: 404, headers });
    return Response.json({ results: [template] }, { headers });
  }
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const requested = url.searchParams.get('lang');
  const results = await pickerTemplates(app.database, ticket, { ...options, q, lang: isLang(requested) ? requested : null });
  return Response.json({ query: q, results }, { headers });
};
