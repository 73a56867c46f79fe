/**
 * Attachment type checks by content: images, PDF and text/log files are accepted, whatever
 * their name claims; executables, SVG, HTML, empty and oversized files are refused.
 */
import { describe, expect, it } from 'vitest';
import { checkAttachment, parseAttachmentLimits, safeFileName } from '../../../src/lib/server/attachments/attachment-types.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d4a1f60000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

describe('checkAttachment', () => {
  it('accepts images and PDF by their content, whatever the name says', async () => {
    expect(await checkAttachment(PNG, 'screenshot.png')).toEqual({ ok: true, mime: 'image/png' });
    expect(await checkAttachment(PNG, 'renamed.txt')).toEqual({ ok: true, mime: 'image/png' });
    expect(await checkAttachment(PDF, 'invoice.pdf')).toEqual({ ok: true, mime: 'application/pdf' });
  });

  it('accepts UTF-8 text and log files by name, and nothing binary under a text name', async () => {
    expect(await checkAttachment(Buffer.from('2026-12-05 10:00 ERROR export failed\n'), 'export.log')).toEqual({ ok: true, mime: 'text/plain' });
    expect(await checkAttachment(Buffer.from('Grüße, äöü\n'), 'notes.txt')).toEqual({ ok: true, mime: 'text/plain' });
    expect(await checkAttachment(Buffer.from([0x41, 0x00, 0xff, 0xfe]), 'data.log')).toEqual({ ok: false, problem: 'type' });
  });

  it('refuses executables, SVG and HTML, also under an innocent name', async () => {
    expect(await checkAttachment(EXE, 'invoice.pdf')).toEqual({ ok: false, problem: 'type' });
    expect(await checkAttachment(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg')).toEqual({ ok: false, problem: 'type' });
    expect(await checkAttachment(Buffer.from('<!doctype html><script>alert(1)</script>'), 'page.html')).toEqual({ ok: false, problem: 'type' });
  });

  it('refuses empty and oversized files', async () => {
    expect(await checkAttachment(Buffer.alloc(0), 'empty.txt')).toEqual({ ok: false, problem: 'empty' });
    expect(await checkAttachment(PNG, 'big.png', { maxFiles: 5, maxBytes: 10 })).toEqual({ ok: false, problem: 'size' });
  });

  it('reads the limits from the environment, with the variable named in errors', () => {
    expect(parseAttachmentLimits({})).toEqual({ maxFiles: 5, maxBytes: 10 * 1024 * 1024 });
    expect(parseAttachmentLimits({ ATTACHMENT_MAX_FILES: '3', ATTACHMENT_MAX_MB: '2' })).toEqual({ maxFiles: 3, maxBytes: 2 * 1024 * 1024 });
    expect(() => parseAttachmentLimits({ ATTACHMENT_MAX_MB: 'lots' })).toThrow(/ATTACHMENT_MAX_MB/);
  });

  it('makes file names safe: no path, no control or header characters', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\anna\\bild "1".png')).toBe('bild _1_.png');
    expect(safeFileName('a\r\nb.txt')).toBe('a_b.txt');
    expect(safeFileName('...')).toBe('attachment');
  });
});
