/**
 * Article images as responsive pictures: AVIF/WebP srcsets, width and height from the
 * original, the first image eager and every later one lazy; images without variants untouched
 * apart from that.
 */
import { describe, expect, it } from 'vitest';
import type { ImageEntry } from '../../../src/lib/server/knowledge/image-variants.ts';
import { renderMarkdown } from '../../../src/lib/server/knowledge/markdown.ts';
import { ARTICLE_IMAGE_SIZES, responsiveImages } from '../../../src/lib/server/knowledge/responsive-images.ts';

const entry: ImageEntry = {
  hash: '0123456789',
  width: 800,
  height: 450,
  fallback: 'shot-0123456789.png',
  sources: {
    avif: [360, 720, 800].map((width) => ({ width, file: `shot-0123456789-${width}.avif` })),
    webp: [360, 720, 800].map((width) => ({ width, file: `shot-0123456789-${width}.webp` })),
  },
};
const images = { lookup: (src: string) => (src === '/media/shot.png' ? entry : null) };

describe('responsiveImages', () => {
  it('makes a picture with AVIF and WebP sources, the hashed fallback and the size', () => {
    const { html } = renderMarkdown('![The "new" screen](/media/shot.png)');
    const out = responsiveImages(html, images);
    expect(out).toContain(
      `<picture><source type="image/avif" srcset="/media/variants/shot-0123456789-360.avif 360w, /media/variants/shot-0123456789-720.avif 720w, /media/variants/shot-0123456789-800.avif 800w" sizes="${ARTICLE_IMAGE_SIZES}">` +
        `<source type="image/webp" srcset="/media/variants/shot-0123456789-360.webp 360w, /media/variants/shot-0123456789-720.webp 720w, /media/variants/shot-0123456789-800.webp 800w" sizes="${ARTICLE_IMAGE_SIZES}">`,
    );
    expect(out).toMatch(/<img src="\/media\/variants\/shot-0123456789\.png" alt="The &#x22;new&#x22; screen" decoding="async" width="800" height="450"><\/picture>/);
  });

  it('loads the first image at once and every later one lazily, with or without variants', () => {
    const { html } = renderMarkdown('![one](/media/shot.png)\n\n![two](/media/other.png)\n\n![three](/media/shot.png)');
    const tags = responsiveImages(html, images).match(/<img[^>]*>/g)!;
    expect(tags).toHaveLength(3);
    expect(tags[0]).not.toContain('loading=');
    expect(tags[1]).toContain('loading="lazy"');
    expect(tags[1]).toContain('src="/media/other.png"');
    expect(tags[2]).toContain('loading="lazy"');
    for (const tag of tags) expect(tag).toContain('decoding="async"');
    expect(responsiveImages(html, images).match(/<picture>/g)).toHaveLength(2);
  });

  it('leaves text without images as it is', () => {
    const { html } = renderMarkdown('Just *text* with a [link](/de/).');
    expect(responsiveImages(html, images)).toBe(html);
  });
});
