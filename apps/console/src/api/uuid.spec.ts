import { describe, expect, it } from 'vitest';
import { newId } from './uuid';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('uses crypto.randomUUID when the context has it', () => {
    const id = newId({
      randomUUID: () => '11111111-1111-4111-8111-111111111111',
      getRandomValues: (array) => array,
    });
    expect(id).toBe('11111111-1111-4111-8111-111111111111');
  });

  it('builds a version 4 UUID from random bytes outside a secure context', () => {
    const id = newId({
      getRandomValues: <T extends ArrayBufferView | null>(array: T) => {
        if (array instanceof Uint8Array) array.fill(0xff);
        return array;
      },
    });
    expect(id).toMatch(UUID_V4);
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('gives a different id each time', () => {
    expect(newId()).not.toBe(newId());
    expect(newId()).toMatch(UUID_V4);
  });
});
