/**
 * A CSV saved in a Central European encoding (ISO-8859-2, Windows-1250) is refused with how to
 * save it, instead of being read as Windows-1252 and printing "Ba³a" for "Bała". Real
 * Windows-1252 files with £, accents, fractions and degrees still read.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { EncodingSniffer, sniffBuffer } from '../../src/batch/encoding.js';
import { AppError } from '../../src/core/index.js';
import { sheetFromBytes, tempDir } from './helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());

const POLISH = 'reference,name,town\r\nDP-1,Ann Lee,Leeds\r\nDP-2,Wojciech Bała,Łódź\r\nDP-3,Zofia Śliwińska,Kraków\r\n';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('CSV text encodings from central Europe', () => {
  it('refuses ISO-8859-2 Polish names, naming the line and saying how to save the file', async () => {
    const bytes = iconv.encode(POLISH, 'iso-8859-2');
    const error = await sheetFromBytes(temp.dir, 'polish.csv', bytes).then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: unknown) => e as AppError,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('INPUT_UNREADABLE');
    expect(error.message).toContain('Central European encoding');
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('CSV UTF-8');
    expect(error.details.location).toMatchObject({ file: 'polish.csv', line: 3 });
  });

  it('refuses Windows-1250 too', () => {
    const error = refusal(() => sniffBuffer(iconv.encode(POLISH, 'win1250'), 'w1250.csv'));
    expect(error.message).toContain('Central European encoding');
  });

  it('finds it when the telling bytes fall across two chunks', () => {
    const bytes = iconv.encode('name\nBała\n', 'iso-8859-2');
    const split = bytes.indexOf(0xb3); // "ł"
    const sniffer = new EncodingSniffer('split.csv');
    sniffer.push(bytes.subarray(0, split + 1));
    sniffer.push(bytes.subarray(split + 1));
    expect(() => sniffer.finish()).toThrow(/line 2/);
  });

  it('still reads real Windows-1252 files: £ amounts, accents, ½, °, © and ¿ beside spaces and digits', () => {
    const text = 'reference,name,note\r\nDP-1,Zoë Brontë,£1 234.56 for 1½ hours\r\nDP-2,José Núñez,"¿Qué tal? 20°C, © 2024"\r\nDP-3,Renée Faßbinder,£5 (was £7)\r\n';
    expect(sniffBuffer(iconv.encode(text, 'win1252'), 'uk.csv')).toEqual({ encoding: 'windows-1252', bom: false });
  });

  it('UTF-8 files are never affected, whatever letters they hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(sniffBuffer(Buffer.from(`name\n${text}\n`, 'utf8'), 'any.csv').encoding).toBe('utf-8');
      }),
      { numRuns: 200 },
    );
  });
});
