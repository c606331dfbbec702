import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from './csv-dialect';

describe('sniffDelimiter', () => {
  it('prefers the delimiter that splits every line alike over decimal commas', () => {
    expect(sniffDelimiter('Date;Nombre;Latitude\n14/03/2021;3;50,95\n15/03/2021;12;50,9\n', true)).toBe(';');
  });

  it('ignores delimiters inside quoted fields, line breaks included', () => {
    const text = '"Lieu; commune",Date,Description\n"Calais; Nord",2021-03-14,"a;b\nc;d;e;f"\n';
    expect(sniffDelimiter(text, true)).toBe(',');
  });

  it('recognises tabs and pipes', () => {
    expect(sniffDelimiter('a\tb\tc\n1\t2,5\t3\n', true)).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n', true)).toBe('|');
  });

  it('ignores the last line of a head cut mid-file', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3\n4,5,6,7,8,9', false)).toBe(';');
  });

  it('falls back to a comma for a single column', () => {
    expect(sniffDelimiter('Lieu\nCalais\nDunkerque\n', true)).toBe(',');
  });
});
