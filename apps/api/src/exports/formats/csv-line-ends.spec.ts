import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { crlfRecords } from './csv-line-ends';

async function convert(chunks: string[], options?: { bom?: boolean }): Promise<string> {
  return text(Readable.from(chunks.map((chunk) => Buffer.from(chunk))).pipe(crlfRecords(options)));
}

/** Every way of cutting `input` in two chunks, and one byte per chunk. */
function cuts(input: string): string[][] {
  const bytes = Buffer.from(input);
  const splits = [...Array(bytes.length + 1).keys()].map((at) => [
    bytes.subarray(0, at).toString('latin1'),
    bytes.subarray(at).toString('latin1'),
  ]);
  return [...splits, [...bytes].map((byte) => String.fromCharCode(byte))];
}

describe('crlfRecords', () => {
  it('ends every record with CR LF and keeps line feeds inside quoted fields', async () => {
    const input = 'id,text\n1,"deux\nlignes"\n2,"des ""guillemets"", et\n\nvides"\n3,\n';
    expect(await convert([input])).toBe(
      'id,text\r\n1,"deux\nlignes"\r\n2,"des ""guillemets"", et\n\nvides"\r\n3,\r\n',
    );
  });

  it('gives the same bytes wherever the stream is cut, quotes and line feeds included', async () => {
    const input = 'a,"b\n""c""\n"\n"",x\n"é\n",\n';
    const expected = 'a,"b\n""c""\n"\r\n"",x\r\n"é\n",\r\n';
    for (const chunks of cuts(input)) {
      const output = await text(
        Readable.from(chunks.map((chunk) => Buffer.from(chunk, 'latin1'))).pipe(crlfRecords()),
      );
      expect(output).toBe(expected);
    }
  });

  it('reads back with a standard RFC 4180 parser to the same rows', async () => {
    const input = 'n,note\n1,"une\nnote, longue"\n2,""\n';
    const output = await convert([input]);
    expect(parse(output, { record_delimiter: '\r\n' })).toEqual([
      ['n', 'note'],
      ['1', 'une\nnote, longue'],
      ['2', ''],
    ]);
  });

  it('puts a UTF-8 byte order mark first when asked, once', async () => {
    // Read as bytes: decoding as text would drop the mark.
    const output = await buffer(
      Readable.from([Buffer.from('a;b\n'), Buffer.from('1;2\n')]).pipe(crlfRecords({ bom: true })),
    );
    expect([...output.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(output.subarray(3).toString()).toBe('a;b\r\n1;2\r\n');
  });

  it('passes a chunk without line feeds through unchanged', async () => {
    expect(await convert(['abc', 'def\n'])).toBe('abcdef\r\n');
  });
});
