/**
 * Turns the `<img>` elements of rendered article HTML into responsive pictures: for an image
 * from /media with variants (image-variants.ts), a `<picture>` with AVIF and WebP `srcset`s,
 * `sizes` for the article column, the hashed copy of the original as `src`, and the
 * original's `width`/`height`. Runs on the sanitised HTML that `renderMarkdown` wrote (its
 * attributes are always double-quoted), so only attributes we made are ever rewritten.
 *
 * Rules that always hold:
 * - every image the rewrite touches carries `width` and `height`;
 * - the first image of the text loads at once (it is often the largest thing on the screen);
 *   every later one has `loading="lazy"`; all decode asynchronously;
 * - an image without variants (a media host's, one still being encoded) stays as it was,
 *   apart from the first image's eager loading;
 * - alt texts and other attributes are kept exactly as rendered.
 */
import { VARIANT_FORMATS, type ImageEntry } from './image-variants.ts';

/** Where images are looked up: `ImageCatalog` in production, a map in tests. */
export interface ImageLookup {
  lookup(src: string): ImageEntry | null;
}

/**
 * The width the article column shows an image at: the full phone width minus the page's
 * padding, at most the article's 48rem (768 px) on wide screens.
 */
export const ARTICLE_IMAGE_SIZES = '(max-width: 50rem) calc(100vw - 2rem), 48rem';

const IMG = /<img((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTRIBUTE = /\s+([a-zA-Z-]+)(?:="([^"]*)")?/g;

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function parseAttributes(text: string): [string, string | null][] {
  return [...text.matchAll(ATTRIBUTE)].map((match) => [match[1]!.toLowerCase(), match[2] ?? null]);
}

function formatAttributes(attributes: [string, string | null][]): string {
  return attributes.map(([name, value]) => (value === null ? ` ${name}` : ` ${name}="${value}"`)).join('');
}

/** The `srcset` of one format: "url 360w, url 720w, …". */
function srcset(entry: ImageEntry, format: (typeof VARIANT_FORMATS)[number]): string {
  return entry.sources[format].map((source) => `/media/variants/${encodeURIComponent(source.file)} ${source.width}w`).join(', ');
}

/** `html` with each known /media image as a responsive `<picture>` (see the module comment). */
export function responsiveImages(html: string, images: ImageLookup, sizes = ARTICLE_IMAGE_SIZES): string {
  let seen = 0;
  return html.replace(IMG, (_tag, attributeText: string) => {
    const first = seen === 0;
    seen += 1;
    let attributes = parseAttributes(attributeText);
    const src = attributes.find(([name]) => name === 'src')?.[1] ?? '';
    const entry = src.startsWith('/media/') ? images.lookup(src.replace(/&amp;/g, '&')) : null;
    attributes = attributes.filter(([name]) => name !== 'loading' && name !== 'decoding' && (!entry || (name !== 'width' && name !== 'height')));
    if (!first) attributes.push(['loading', 'lazy']);
    attributes.push(['decoding', 'async']);
    if (!entry) return `<img${formatAttributes(attributes)}>`;
    attributes = attributes.map(([name, value]) => (name === 'src' ? [name, escapeAttribute(`/media/variants/${encodeURIComponent(entry.fallback)}`)] : [name, value]));
    attributes.push(['width', String(entry.width)], ['height', String(entry.height)]);
    const sources = VARIANT_FORMATS.filter((format) => entry.sources[format]?.length)
      .map((format) => `<source type="image/${format}" srcset="${escapeAttribute(srcset(entry, format))}" sizes="${sizes}">`)
      .join('');
    return `<picture>${sources}<img${formatAttributes(attributes)}></picture>`;
  });
}
