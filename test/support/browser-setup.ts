import { afterAll, afterEach, expect } from 'vitest';
import { takeCspViolations } from './browser';

/**
 * Every browser test fails when a page broke the Content-Security-Policy (issue 10 item 15): the
 * console, its maps and the report preview must work under the policy the server sends.
 */
function expectNoCspViolation(): void {
  expect(takeCspViolations(), 'Content-Security-Policy violations in Chromium').toEqual([]);
}

afterEach(expectNoCspViolation);
afterAll(expectNoCspViolation);
