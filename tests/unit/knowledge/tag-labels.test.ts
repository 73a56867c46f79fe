import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTagLabels, tagLabel } from '../../../src/lib/server/knowledge/tag-labels.ts';

describe('tag labels', () => {
  it('reads one label for every language or one per language', () => {
    const labels = parseTagLabels('vat-id: "VAT ID"\ne-mail: { en: "E-mail", de: "E-Mail" }\n', () => {});
    expect(tagLabel(labels, 'vat-id', 'de')).toBe('VAT ID');
    expect(tagLabel(labels, 'e-mail', 'en')).toBe('E-mail');
    expect(tagLabel(labels, 'e-mail', 'de')).toBe('E-Mail');
  });

  it('makes an unknown key readable instead of showing it raw', () => {
    expect(tagLabel(new Map(), 'bank-sync', 'en')).toBe('Bank sync');
  });

  it('reports and skips bad entries, keeps the good ones', () => {
    const log: string[] = [];
    const labels = parseTagLabels('good: "Good"\nbad: { en: "only English" }\nempty: ""\n', (message) => log.push(message));
    expect(tagLabel(labels, 'good', 'de')).toBe('Good');
    expect(log).toHaveLength(2);
    expect(log[0]).toContain('bad');
    expect(parseTagLabels('- a list', (message) => log.push(message)).size).toBe(0);
    expect(parseTagLabels('a: [', (message) => log.push(message)).size).toBe(0);
    expect(log).toHaveLength(4);
  });

  it('content/tags.yml is readable and names every tag the articles use', () => {
    const log: string[] = [];
    const labels = parseTagLabels(fs.readFileSync('content/tags.yml', 'utf8'), (message) => log.push(message));
    expect(log).toEqual([]);
    const used = new Set<string>();
    for (const file of fs.readdirSync('content/articles', { recursive: true }) as string[]) {
      if (!file.endsWith('.md')) continue;
      const match = /^tags:\s*\[(.*)\]/m.exec(fs.readFileSync(`content/articles/${file}`, 'utf8'));
      for (const tag of match?.[1]?.split(',') ?? []) if (tag.trim()) used.add(tag.trim().replace(/^["']|["']$/g, ''));
    }
    expect([...used].filter((tag) => !labels.has(tag))).toEqual([]);
    expect(tagLabel(labels, 'kuendigung', 'de')).toBe('Kündigung');
  });
});
