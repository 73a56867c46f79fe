/**
 * HTML from an incoming mail, made safe for staff to look at: parsed with rehype-parse and
 * passed through rehype-sanitize with GitHub's allow-list (as article HTML is), so no
 * script, event handler, style, form or `javascript:` URL survives; remote images are
 * dropped too (they would tell the sender when staff read the mail).
 */
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';

const schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => tag !== 'img'),
  strip: [...(defaultSchema.strip ?? []), 'style', 'title'],
};

const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeSanitize, schema).use(rehypeStringify);

/** Sanitised HTML fragment of a mail's HTML body. */
export function sanitizeMailHtml(html: string): string {
  return String(processor.processSync(html));
}
