/**
 * The ticket view's "Standard answer" picker, shared by the page (without JavaScript) and the
 * staff JSON endpoint /staff/api/templates (with JavaScript): templates matching a title
 * search, the ticket's language first, each filled for the ticket (customer name, reference,
 * the signed-in agent's name, the article's public URL).
 */
import type { Database } from '../platform/database/connect.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import type { DeskConfig } from './desk-config.ts';
import type { Ticket } from './types.ts';
import { articleUrl } from '../mail/desk-emails.ts';
import { fillTemplate, findTemplate, listTemplates, type AnswerTemplate } from './answer-templates.ts';
import type { Lang } from '../../languages.ts';

/** A template as offered in the picker, its text filled for the ticket. */
export interface PickedTemplate {
  id: number;
  title: string;
  lang: Lang;
  /** The article it stands for (inserting it records the reuse), or null. */
  articleSlug: string | null;
  articleTitle: string | null;
  /** The body with the placeholders filled. */
  text: string;
}

/** Fills one template for the ticket. */
export function pickTemplate(template: AnswerTemplate, ticket: Pick<Ticket, 'customerName' | 'reference'>, agentName: string, store: ArticleStore, config: DeskConfig): PickedTemplate {
  return {
    id: template.id,
    title: template.title,
    lang: template.lang,
    articleSlug: template.articleSlug,
    articleTitle: template.articleSlug ? (store.get(template.articleSlug)?.title ?? template.articleSlug) : null,
    text: fillTemplate(template, {
      customerName: ticket.customerName,
      ticketReference: ticket.reference,
      agentName,
      articleUrl: template.articleSlug ? articleUrl(config, template.articleSlug, store.get(template.articleSlug)?.lang ?? 'en') : null,
    }),
  };
}

/** Matching templates for the ticket (its language first), at most `limit`. */
export async function pickerTemplates(
  database: Database,
  ticket: Pick<Ticket, 'customerName' | 'reference' | 'lang'>,
  options: { q?: string | null; lang?: Lang | null; agentName: string; store: ArticleStore; config: DeskConfig; limit?: number },
): Promise<PickedTemplate[]> {
  return (await listTemplates(database, { q: options.q, lang: options.lang, preferLang: ticket.lang }))
    .slice(0, options.limit ?? 10)
    .map((template) => pickTemplate(template, ticket, options.agentName, options.store, options.config));
}

/** One template by id, filled for the ticket, or null. */
export async function pickerTemplate(
  database: Database,
  ticket: Pick<Ticket, 'customerName' | 'reference'>,
  id: number,
  options: { agentName: string; store: ArticleStore; config: DeskConfig },
): Promise<PickedTemplate | null> {
  const template = Number.isSafeInteger(id) && id > 0 ? await findTemplate(database.kysely, id) : null;
  return template ? pickTemplate(template, ticket, options.agentName, options.store, options.config) : null;
}
