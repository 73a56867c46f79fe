/**
 * Responsive variants of the article images in content/media, made once with `sharp` when an
 * image arrives (upload, import, seed; the server makes missing ones at start-up) and never
 * per request. For each original: AVIF and WebP at 360, 720 and 1080 px wide (only widths
 * below the original's, plus the original width itself) and a copy of the original, all in
 * content/media/variants/ under names that carry a hash of the original's content, so /media
 * can let browsers keep them for a year. `variants/manifest.json` lists them with the
 * original's width and height (for the `<img>`'s `width`/`height`).
 *
 * Rules that always hold:
 * - images are never enlarged; an original's aspect ratio is kept in every variant;
 * - the manifest is written atomically after every file it names, so a reader never finds
 *   an entry whose files are missing;
 * - an unchanged original (same content hash, all files present) is never encoded again;
 * - a file sharp cannot read is skipped with a warning, never an error for the upload.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { writeFileAtomic } from '../platform/atomic-write.ts';

/** The widths made for each image (below the original's width). */
export const VARIANT_WIDTHS = [360, 720, 1080] as const;
/** The formats made, best first (the order of the `<source>` elements). */
export const VARIANT_FORMATS = ['avif', 'webp'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/** Folder below content/media that holds the variants and the manifest. */
export const VARIANTS_FOLDER = 'variants';
const MANIFEST = 'manifest.json';
/** Originals that get variants (animated GIFs and SVGs are served as they are). */
const ORIGINAL = /\.(png|jpe?g|webp)$/i;

/** One original's variants. File names are relative to content/media/variants. */
export interface ImageEntry {
  /** First 10 hex digits of the SHA-256 of the original. */
  hash: string;
  width: number;
  height: number;
  /** A copy of the original under a hashed name (the `<img src>`). */
  fallback: string;
  sources: Record<VariantFormat, { width: number; file: string }[]>;
}

/** content/media/variants/manifest.json: original file name → its variants. */
export interface ImageManifest {
  version: 1;
  images: Record<string, ImageEntry>;
}

const emptyManifest = (): ImageManifest => ({ version: 1, images: {} });

/** The widths to make for an original `width` px wide. */
export function variantWidths(width: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((candidate) => candidate < width);
  widths.push(width);
  return widths;
}

/** Reads the manifest; an absent or unreadable one is empty. */
export function readImageManifest(mediaDir: string): ImageManifest {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(mediaDir, VARIANTS_FOLDER, MANIFEST), 'utf8')) as ImageManifest;
    return parsed?.version === 1 && parsed.images && typeof parsed.images === 'object' ? parsed : emptyManifest();
  } catch {
    return emptyManifest();
  }
}

function entryComplete(dir: string, entry: ImageEntry): boolean {
  const files = [entry.fallback, ...VARIANT_FORMATS.flatMap((format) => (entry.sources[format] ?? []).map((source) => source.file))];
  return files.every((file) => fs.existsSync(path.join(dir, file)));
}

async function encode(bytes: Buffer, name: string, hash: string, dir: string): Promise<ImageEntry> {
  const meta = await sharp(bytes).metadata();
  // EXIF orientation: the displayed size is the rotated one.
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = (rotated ? meta.height : meta.width) ?? 0;
  const height = (rotated ? meta.width : meta.height) ?? 0;
  if (!width || !height) throw new Error('no dimensions');
  const ext = path.extname(name).toLowerCase();
  const base = `${path.basename(name, path.extname(name))}-${hash}`;
  const fallback = `${base}${ext}`;
  await writeFileAtomic(path.join(dir, fallback), bytes);
  const sources = { avif: [], webp: [] } as ImageEntry['sources'];
  for (const variantWidth of variantWidths(width)) {
    const resized = sharp(bytes).rotate().resize({ width: variantWidth, withoutEnlargement: true });
    for (const format of VARIANT_FORMATS) {
      const file = `${base}-${variantWidth}.${format}`;
      // AVIF at a low effort: a tenth of the encoding time of the default for a few per cent in size.
      const data = await (format === 'avif' ? resized.clone().avif({ quality: 50, effort: 2 }) : resized.clone().webp({ quality: 75 })).toBuffer();
      await writeFileAtomic(path.join(dir, file), data);
      sources[format].push({ width: variantWidth, file });
    }
  }
  return { hash, width, height, fallback, sources };
}

// One generation at a time per process: two uploads never write the manifest over each other.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Makes the variants of `files` (names in `mediaDir`; default: every image there) that are
 * missing or outdated, drops entries of originals that are gone (when checking every image),
 * and writes the manifest. Returns the names it encoded.
 */
export function ensureImageVariants(mediaDir: string, files?: string[]): Promise<string[]> {
  const run = queue.then(() => generate(mediaDir, files));
  queue = run.catch(() => {});
  return run;
}

async function generate(mediaDir: string, files?: string[]): Promise<string[]> {
  const dir = path.join(mediaDir, VARIANTS_FOLDER);
  const names = (files ?? (await fsp.readdir(mediaDir).catch(() => [] as string[]))).filter((name) => ORIGINAL.test(name) && !name.startsWith('.'));
  const manifest = readImageManifest(mediaDir);
  const encoded: string[] = [];
  let changed = false;
  if (!files) {
    for (const name of Object.keys(manifest.images)) {
      if (!names.includes(name)) {
        delete manifest.images[name];
        changed = true;
      }
    }
  }
  for (const name of names) {
    const bytes = await fsp.readFile(path.join(mediaDir, name)).catch(() => null);
    if (!bytes) continue;
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
    const known = manifest.images[name];
    if (known && known.hash === hash && entryComplete(dir, known)) continue;
    try {
      manifest.images[name] = await encode(bytes, name, hash, dir);
      encoded.push(name);
      changed = true;
    } catch (error) {
      console.warn(`media: no variants for ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (changed) await writeFileAtomic(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return encoded;
}

/**
 * The manifest of one media folder, read again when its file changes (one stat per call):
 * what the page renderer looks images up in.
 */
export class ImageCatalog {
  private manifest: ImageManifest = emptyManifest();
  private stamp = '';

  readonly mediaDir: string;

  constructor(mediaDir: string) {
    this.mediaDir = mediaDir;
  }

  /** The entry for `/media/<name>`, or null when it has no variants. */
  lookup(src: string): ImageEntry | null {
    if (!src.startsWith('/media/')) return null;
    this.refresh();
    const name = decodeURIComponentSafe(src.slice('/media/'.length));
    return Object.hasOwn(this.manifest.images, name) ? this.manifest.images[name]! : null;
  }

  private refresh(): void {
    let stamp = '';
    try {
      const stat = fs.statSync(path.join(this.mediaDir, VARIANTS_FOLDER, MANIFEST));
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      // No manifest (yet): no variants.
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    this.manifest = stamp ? readImageManifest(this.mediaDir) : emptyManifest();
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
