/** URL slugs from titles and file names. */
import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/lib/slug.ts';

describe('slugify', () => {
  it('transliterates German letters', () => {
    expect(slugify('Größe & Gebühr')).toBe('groesse-gebuehr');
    expect(slugify('Äpfel Öl Übergabe')).toBe('aepfel-oel-uebergabe');
    expect(slugify('Straße')).toBe('strasse');
  });

  it('drops other accents', () => {
    expect(slugify('Café Crème')).toBe('cafe-creme');
  });

  it('turns punctuation and spaces into single hyphens, without hyphens at the ends', () => {
    expect(slugify('  Reset your password!  ')).toBe('reset-your-password');
    expect(slugify('lsb_release')).toBe('lsb-release');
    expect(slugify('What is §19 UStG?')).toBe('what-is-19-ustg');
    expect(slugify('a -- b')).toBe('a-b');
    expect(slugify('tar.gz')).toBe('tar-gz');
  });

  it('returns an empty string when nothing is left', () => {
    expect(slugify('!!!')).toBe('');
    expect(slugify('')).toBe('');
  });

  it('keeps slugs at most 80 characters long, without a trailing hyphen', () => {
    const slug = slugify(`${'word '.repeat(30)}end`);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
