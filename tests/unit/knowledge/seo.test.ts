/** What search engines read: symmetric hreflang with x-default, JSON-LD, question/answer detection, language URLs. */
import { describe, expect, it } from 'vitest';
import { breadcrumbJsonLd, faqJsonLd, hreflangLinks, jsonLdText, questionsAndAnswers } from '../../../src/lib/server/knowledge/seo.ts';
import { articlePath, langOfPath, localiseArticleLinks, searchPath } from '../../../src/lib/public-urls.ts';
import { legacyRedirectTarget } from '../../../src/lib/server/knowledge/legacy-urls.ts';

describe('hreflangLinks', () => {
  it('lists every version, itself included, and x-default, the same on each version', () => {
    const alternates = { de: '/de/articles/passwort', en: '/en/articles/password' };
    expect(hreflangLinks('https://k.example/', alternates)).toEqual([
      { hreflang: 'de', href: 'https://k.example/de/articles/passwort' },
      { hreflang: 'en', href: 'https://k.example/en/articles/password' },
      { hreflang: 'x-default', href: 'https://k.example/en/articles/password' },
    ]);
    expect(hreflangLinks('https://k.example', { de: '/de/a' })).toEqual([
      { hreflang: 'de', href: 'https://k.example/de/a' },
      { hreflang: 'x-default', href: 'https://k.example/de/a' },
    ]);
  });
});

describe('questionsAndAnswers', () => {
  it('finds question/answer shaped articles only', () => {
    const faq = '<p>Intro</p><h2 id="a">Can I?</h2><p>Yes &amp; no.</p><h2>Why not?</h2><ul><li>Because.</li></ul>';
    expect(questionsAndAnswers(faq)).toEqual([{ question: 'Can I?', answer: 'Yes & no.' }, { question: 'Why not?', answer: 'Because.' }]);
    expect(questionsAndAnswers('<h2>Can I?</h2><p>Yes</p><h2>Steps</h2><p>1</p>')).toEqual([]);
    expect(questionsAndAnswers('<h2>Can I?</h2><p>Yes</p>')).toEqual([]);
    expect(faqJsonLd(questionsAndAnswers(faq))['@type']).toBe('FAQPage');
  });
});

describe('JSON-LD', () => {
  it('numbers breadcrumbs from 1 with absolute items and cannot close its script early', () => {
    const ld = breadcrumbJsonLd('https://k.example', [{ name: 'Home', path: '/en/' }, { name: 'A', path: '/en/articles/a' }]);
    expect(ld.itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Home', item: 'https://k.example/en/' },
      { '@type': 'ListItem', position: 2, name: 'A', item: 'https://k.example/en/articles/a' },
    ]);
    expect(jsonLdText({ name: '</script><b>' })).not.toContain('</script>');
  });
});

describe('public URLs', () => {
  it('put every public page under its language', () => {
    expect(articlePath('de', 'billing/größe', { q: 'a b' })).toBe('/de/articles/billing/gr%C3%B6%C3%9Fe?q=a+b');
    expect(searchPath('en', { q: 'x' })).toBe('/en/search?q=x');
    expect(langOfPath('/de/articles/x')).toBe('de');
    expect(langOfPath('/tickets/new')).toBeNull();
    expect(langOfPath('/fr/')).toBeNull();
  });

  it('rewrite links between articles to the target’s language', () => {
    const langs: Record<string, 'de' | 'en'> = { 'reset-password': 'en', 'datev-export': 'de' };
    const html = '<a href="/articles/reset-password#steps">x</a><a href="/articles/datev-export">y</a><a href="/articles/gone">z</a><a href="https://e.example/articles/a">w</a>';
    expect(localiseArticleLinks(html, (slug) => langs[slug] ?? null, 'de')).toBe(
      '<a href="/en/articles/reset-password#steps">x</a><a href="/de/articles/datev-export">y</a><a href="/de/articles/gone">z</a><a href="https://e.example/articles/a">w</a>',
    );
  });

  it('send old addresses to the article’s own language, the rest to the reader’s; non-public articles are a plain 404', () => {
    const store = { get: (slug: string) => (slug === 'reset-password' ? { lang: 'en', audience: 'public', status: 'validated' } : slug === 'intern' ? { lang: 'en', audience: 'internal', status: 'validated' } : null) } as never;
    const at = (path: string) => legacyRedirectTarget(new URL(path, 'http://x'), store, 'de');
    expect(at('/articles/reset-password?q=a')).toBe('/en/articles/reset-password?q=a');
    // Internal, unknown and training addresses are not redirected: the same 404 for all of them.
    expect(at('/articles/intern')).toBeNull();
    expect(at('/articles/no-such-article')).toBeNull();
    expect(at('/articles/product/bank-export-und-umsatzsteuer')).toBeNull();
    expect(at('/categories/export')).toBe('/de/categories/export');
    expect(at('/search?q=x')).toBe('/de/search?q=x');
    expect(at('/contact')).toBe('/de/contact');
    expect(at('/tickets/new')).toBeNull();
    expect(at('/staff/articles/x')).toBeNull();
  });
});
