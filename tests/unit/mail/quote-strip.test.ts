/**
 * Quote stripping: what German and English mail clients put below the customer's words
 * (the quoted history, Outlook header blocks, signatures) is cut; the customer's words stay.
 */
import { describe, expect, it } from 'vitest';
import { stripQuotes } from '../../../src/lib/server/mail/quote-strip.ts';

describe('stripQuotes', () => {
  it('cuts "On … wrote:" and the quote below (Thunderbird, Gmail, Apple Mail)', () => {
    expect(stripQuotes('Thanks, that worked.\n\nOn Sat, 5 Dec 2026 at 10:01, Tallyhaus Support <support@tallyhaus.example> wrote:\n> Hello Anna,\n> try this.')).toBe('Thanks, that worked.');
  });

  it('cuts a "wrote:" line that the client wrapped', () => {
    expect(stripQuotes('Thanks.\n\nOn Sat, 5 Dec 2026 at 10:01, Tallyhaus Support\n<support@tallyhaus.example> wrote:\n> Hello')).toBe('Thanks.');
  });

  it('cuts "Am … schrieb …:" (German clients)', () => {
    expect(stripQuotes('Danke, jetzt geht es.\n\nAm 05.12.2026 um 10:01 schrieb Tallyhaus Support <support@tallyhaus.example>:\n> Hallo Anna,')).toBe('Danke, jetzt geht es.');
  });

  it('cuts Outlook\'s "-----Original Message-----" and "Ursprüngliche Nachricht" blocks', () => {
    expect(stripQuotes('See below.\n\n-----Original Message-----\nFrom: Support\nSent: Saturday\nSubject: Re: x\n\nold text')).toBe('See below.');
    expect(stripQuotes('Siehe unten.\n\n-----Ursprüngliche Nachricht-----\nVon: Support\nGesendet: Samstag\n\nalter Text')).toBe('Siehe unten.');
  });

  it('cuts Outlook\'s "Von:"/"From:" header block without a separator line', () => {
    expect(stripQuotes('Bitte rufen Sie mich an.\n\nVon: Tallyhaus Support <support@tallyhaus.example>\nGesendet: Samstag, 5. Dezember 2026 10:01\nAn: Anna Berger\nBetreff: AW: Drucker\n\nHallo Anna')).toBe(
      'Bitte rufen Sie mich an.',
    );
    expect(stripQuotes('Call me please.\n________________________________\nFrom: Tallyhaus Support\nSent: Saturday\nTo: Anna\nSubject: RE: printer')).toBe('Call me please.');
  });

  it('keeps a line that merely starts with "From:" when no header block follows', () => {
    expect(stripQuotes('From: my boss I heard the update is out.\nIs it?')).toBe('From: my boss I heard the update is out.\nIs it?');
  });

  it('cuts the signature ("-- ") and mobile footers', () => {
    expect(stripQuotes('The printer is on floor 2.\n\nRegards\nAnna\n-- \nAnna Berger\nKanzlei Berger')).toBe('The printer is on floor 2.\n\nRegards\nAnna');
    expect(stripQuotes('Geht wieder.\n\nVon meinem iPhone gesendet')).toBe('Geht wieder.');
    expect(stripQuotes('Works again.\n\nSent from my iPhone')).toBe('Works again.');
  });

  it('cuts trailing "> " quote lines but keeps quotes with own words after them (inline answers)', () => {
    expect(stripQuotes('Yes.\n\n> Is it the printer on floor 2?\n> Thanks')).toBe('Yes.');
    expect(stripQuotes('> Is it the printer on floor 2?\nYes, floor 2.')).toBe('> Is it the printer on floor 2?\nYes, floor 2.');
  });

  it('keeps the whole text when cutting would leave nothing, and leaves a plain mail alone', () => {
    expect(stripQuotes('On Sat, 5 Dec 2026, Anna wrote:\n> only a quote')).toBe('On Sat, 5 Dec 2026, Anna wrote:\n> only a quote');
    expect(stripQuotes('Hello,\r\n\r\nmy printer is broken.\r\n')).toBe('Hello,\n\nmy printer is broken.');
  });
});
